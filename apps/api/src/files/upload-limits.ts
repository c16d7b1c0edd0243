import { AppError, ErrorCode, HttpExceptionFilter } from '@app/common';
import { IMPORT_LIMITS } from '@app/imports';
import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, PayloadTooLargeException } from '@nestjs/common';
import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface';

/** The documented cap of every multipart upload (imports and evidence files). */
export const MAX_UPLOAD_BYTES = IMPORT_LIMITS.uploadBytes;

/**
 * Multer options of a one-file upload: busboy stops reading the file part at `fileSize` (413 before more is
 * buffered), and the other parts are capped too, so a request cannot smuggle large text fields or many parts.
 */
export function singleFileUpload(maxBytes = MAX_UPLOAD_BYTES): MulterOptions {
  return { limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 100 } };
}

/** Multer's size refusal, in the platform's words. */
@Catch(PayloadTooLargeException)
export class UploadTooLargeFilter implements ExceptionFilter {
  private readonly inner = new HttpExceptionFilter();

  catch(_exception: PayloadTooLargeException, host: ArgumentsHost): void {
    const message = `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请拆分后分批上传`;
    this.inner.catch(new AppError(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE, message), host);
  }
}
