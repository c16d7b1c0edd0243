import { HttpException, HttpStatus } from '@nestjs/common';

import { ErrorCode } from './error-codes';

export interface ErrorDetail {
  field?: string;
  reason: string;
  [key: string]: unknown;
}

/** A domain error: HTTP status, stable code, Chinese message, optional details. */
export class AppError extends HttpException {
  /** Response headers that go with the error (e.g. Retry-After on 429). */
  headers?: Record<string, string>;

  constructor(
    status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super({ code, message, details }, status);
  }

  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }

  static notFound(entity: string, id?: string): AppError {
    return new AppError(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, `${entity}不存在`, id ? { id } : undefined);
  }

  static forbidden(message = '无权执行此操作'): AppError {
    return new AppError(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, message);
  }

  static conflict(code: ErrorCode, message: string, details?: Record<string, unknown>): AppError {
    return new AppError(HttpStatus.CONFLICT, code, message, details);
  }

  static badRequest(code: ErrorCode, message: string, details?: ErrorDetail[] | Record<string, unknown>): AppError {
    return new AppError(HttpStatus.BAD_REQUEST, code, message, details);
  }
}
