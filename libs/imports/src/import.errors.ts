import { AppError, ErrorCode } from '@app/common';
import { HttpStatus } from '@nestjs/common';

/** A file the platform cannot read at all (format, encoding, corrupt zip, missing columns, limits): nothing is imported. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = ErrorCode.IMPORT_FILE_INVALID,
    readonly details?: Array<{ column: string; reason: string }>,
    readonly status: HttpStatus = HttpStatus.BAD_REQUEST,
  ) {
    super(message);
  }

  toAppError(): AppError {
    return new AppError(this.status, this.code, this.message, this.details);
  }
}
