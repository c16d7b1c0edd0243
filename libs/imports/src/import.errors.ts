import { AppError, ErrorCode } from '@app/common';

/** A file the platform cannot read at all (format, encoding, corrupt zip, missing columns): nothing is imported. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = ErrorCode.IMPORT_FILE_INVALID,
    readonly details?: Array<{ column: string; reason: string }>,
  ) {
    super(message);
  }

  toAppError(): AppError {
    return AppError.badRequest(this.code, this.message, this.details);
  }
}
