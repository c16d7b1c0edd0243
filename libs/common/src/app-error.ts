import { ErrorCode } from './error-codes';

export interface ErrorDetail {
  field?: string;
  reason: string;
  [key: string]: unknown;
}

/** The detail of one refused input field: which field, and why (Chinese). Extra keys (ids, rows…) are kept. */
export interface FieldError extends ErrorDetail {
  field: string;
}

/**
 * Status the HTTP boundary answers with, by the standard status numbers (a hint: the domain knows the kind of
 * failure — bad input, missing, forbidden, conflict — not the transport). Values are the HTTP status codes.
 */
export enum ErrorStatus {
  BadRequest = 400,
  Unauthenticated = 401,
  Forbidden = 403,
  NotFound = 404,
  Conflict = 409,
  PayloadTooLarge = 413,
  TooManyRequests = 429,
  Unavailable = 503,
}

/** `请求参数校验失败：field：reason；…` — the message of a refused input, over its first `max` field errors. */
export function fieldErrorMessage(details: readonly ErrorDetail[], max = Infinity): string {
  const summary = details
    .slice(0, max)
    .map((d) => (d.field ? `${d.field}：${d.reason}` : d.reason))
    .join('；');
  return `请求参数校验失败：${summary}`;
}

/**
 * A domain error: stable code, Chinese message, optional details, and the status a transport should answer with.
 * It is a plain Error: services and workers throw and read it without any transport; the HTTP exception filter
 * turns it into the API's error body (and headers such as Retry-After).
 */
export class AppError extends Error {
  /** Headers a transport should send with the error (e.g. Retry-After on 429). */
  headers?: Record<string, string>;

  constructor(
    readonly status: ErrorStatus | number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The status hint (HTTP status code number). */
  getStatus(): number {
    return this.status;
  }

  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }

  static notFound(entity: string, id?: string): AppError {
    return new AppError(ErrorStatus.NotFound, ErrorCode.NOT_FOUND, `${entity}不存在`, id ? { id } : undefined);
  }

  static forbidden(message = '无权执行此操作'): AppError {
    return new AppError(ErrorStatus.Forbidden, ErrorCode.FORBIDDEN, message);
  }

  static conflict(code: ErrorCode, message: string, details?: Record<string, unknown>): AppError {
    return new AppError(ErrorStatus.Conflict, code, message, details);
  }

  static badRequest(code: ErrorCode, message: string, details?: ErrorDetail[] | Record<string, unknown>): AppError {
    return new AppError(ErrorStatus.BadRequest, code, message, details);
  }

  /**
   * Refused input (VALIDATION_FAILED, 400) with one detail per field. The message is
   * `请求参数校验失败：field：reason；…` unless one is given.
   */
  static invalid(details: FieldError[], message = fieldErrorMessage(details)): AppError {
    return new AppError(ErrorStatus.BadRequest, ErrorCode.VALIDATION_FAILED, message, details);
  }

  /** Shorthand of `invalid` for one field. */
  static invalidField(field: string, reason: string, extra?: Record<string, unknown>): AppError {
    return AppError.invalid([{ field, reason, ...extra }]);
  }
}
