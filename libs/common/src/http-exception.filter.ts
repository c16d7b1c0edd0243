import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';

import { AppError } from './app-error';
import { ErrorCode } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  path: string;
  timestamp: string;
  requestId?: string;
}

const DEFAULT_BY_STATUS: Record<number, [ErrorCode, string]> = {
  400: [ErrorCode.VALIDATION_FAILED, '请求不合法'],
  401: [ErrorCode.UNAUTHENTICATED, '请先登录'],
  403: [ErrorCode.FORBIDDEN, '无权执行此操作'],
  404: [ErrorCode.NOT_FOUND, '资源不存在'],
  409: [ErrorCode.CONFLICT, '数据冲突'],
  413: [ErrorCode.PAYLOAD_TOO_LARGE, '请求体过大'],
  429: [ErrorCode.RATE_LIMITED, '请求过于频繁'],
};

/**
 * Turns an error of a library the common layer does not know (e.g. the search client) into an AppError, or
 * returns undefined. Registered by the library's own module.
 */
export type ErrorTranslator = (exception: unknown) => AppError | undefined;
const translators: ErrorTranslator[] = [];

export function registerErrorTranslator(translator: ErrorTranslator): void {
  if (!translators.includes(translator)) translators.push(translator);
}

/** PostgreSQL errors caused by the request's data: 400 with a Chinese reason, never a 500 (SQLSTATE → reason). */
const PG_BAD_INPUT: Record<string, string> = {
  '22P02': '请求参数格式不正确',
  '22003': '数值超出允许范围',
  '22007': '日期时间格式不正确',
  '22008': '日期时间超出允许范围',
  '22001': '文本长度超出上限',
  '22021': '文本包含无法保存的字符',
  '22025': '文本包含不合法的转义',
  '22P05': '文本包含无法保存的字符',
  '23502': '缺少必填字段',
  '23503': '引用的记录不存在',
  '23514': '取值不满足约束',
  '54001': '请求过于复杂',
};

/**
 * One error body for the whole API: {statusCode, code, message, details, path, timestamp, requestId}. Domain errors
 * (AppError) carry their code, message, details, status hint and headers; this is the one place they meet HTTP.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const translated = translate(exception);
    const body = this.toBody(translated, req);
    if (body.statusCode === HttpStatus.INTERNAL_SERVER_ERROR) {
      // Once, without the SQL parameters or request body (they may hold passwords or personal data).
      this.logger.error({ err: describe(exception), requestId: body.requestId, path: body.path }, 'Unhandled error');
    }
    if (res.headersSent) return;
    if (translated instanceof AppError && translated.headers) {
      for (const [name, value] of Object.entries(translated.headers)) res.setHeader(name, value);
    }
    res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown, req: Request & { id?: string }): ErrorBody {
    exception = translate(exception);
    const base = {
      path: req.originalUrl ?? req.url,
      timestamp: new Date().toISOString(),
      requestId: req.id !== undefined ? String(req.id) : undefined,
    };
    if (exception instanceof AppError) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        details: exception.details,
        ...base,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const [code, message] = DEFAULT_BY_STATUS[status] ?? [ErrorCode.INTERNAL, '请求失败'];
      if (status === 404 && !(exception.getResponse() as { code?: string }).code) {
        return { statusCode: 404, code: ErrorCode.ROUTE_NOT_FOUND, message: '接口不存在', ...base };
      }
      return { statusCode: status, code, message, ...base };
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as QueryFailedError & { code?: string }).code;
      const column = (exception as QueryFailedError & { column?: string }).column;
      if (pgCode && PG_BAD_INPUT[pgCode]) {
        return {
          statusCode: 400,
          code: ErrorCode.VALIDATION_FAILED,
          message: PG_BAD_INPUT[pgCode],
          details: column ? [{ field: column, reason: PG_BAD_INPUT[pgCode] }] : undefined,
          ...base,
        };
      }
      if (pgCode === '23505') {
        return { statusCode: 409, code: ErrorCode.CONFLICT, message: '数据已存在', ...base };
      }
    }
    if (exception instanceof RangeError && /call stack/i.test(exception.message)) {
      return { statusCode: 400, code: ErrorCode.VALIDATION_FAILED, message: '请求过于复杂', ...base };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: ErrorCode.INTERNAL,
      message: base.requestId ? `服务器内部错误（请求编号 ${base.requestId}）` : '服务器内部错误',
      ...base,
    };
  }
}

function translate(exception: unknown): unknown {
  if (exception instanceof AppError || exception instanceof HttpException) return exception;
  for (const translator of translators) {
    const mapped = translator(exception);
    if (mapped) return mapped;
  }
  return exception;
}

/** What the log keeps of an unexpected error: type, message, SQLSTATE and stack, never the query's parameters. */
function describe(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { message: String(exception) };
  const { code, table, column, constraint } = exception as Error & Record<string, string | undefined>;
  return { type: exception.name, message: exception.message, code, table, column, constraint, stack: exception.stack };
}
