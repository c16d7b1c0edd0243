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

/**
 * The name of an uploaded file as the user wrote it: multer reads the header as latin1 while browsers send UTF-8
 * (kept as sent when it is not UTF-8), and control characters — a NUL cannot even be stored — become `_`. A name
 * is a label, so it is cleaned rather than refused.
 */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function uploadedFileName(raw: string): string {
  const decoded = Buffer.from(raw, 'latin1').toString('utf8');
  const name = decoded.includes('\uFFFD') ? raw : decoded;
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '_').replace(LONE_SURROGATES, '_');
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

const SIGNATURES: Array<[string, number[]]> = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
  ['application/zip', [0x50, 0x4b, 0x03, 0x04]],
];

/**
 * The content type an evidence file is stored and served with, from its first bytes — never the client's claim,
 * so an upload labelled text/html cannot come back as a page. Anything else is served as a plain download.
 */
export function evidenceContentType(content: Buffer): string {
  for (const [type, magic] of SIGNATURES) {
    if (magic.every((b, i) => content[i] === b)) return type;
  }
  return 'application/octet-stream';
}
