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

/** One error body for the whole API: {statusCode, code, message, details, path, timestamp, requestId}. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const body = this.toBody(exception, req);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    }
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown, req: Request & { id?: string }): ErrorBody {
    const base = {
      path: req.originalUrl ?? req.url,
      timestamp: new Date().toISOString(),
      requestId: req.id !== undefined ? String(req.id) : undefined,
    };
    if (exception instanceof AppError) {
      const r = exception.getResponse() as { code: string; message: string; details?: unknown };
      return { statusCode: exception.getStatus(), code: r.code, message: r.message, details: r.details, ...base };
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
      if (pgCode === '22P02' || pgCode === '22003' || pgCode === '22007' || pgCode === '22008') {
        return { statusCode: 400, code: ErrorCode.VALIDATION_FAILED, message: '请求参数格式不正确', ...base };
      }
      if (pgCode === '23505') {
        return { statusCode: 409, code: ErrorCode.CONFLICT, message: '数据已存在', ...base };
      }
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: ErrorCode.INTERNAL,
      message: '服务器内部错误',
      ...base,
    };
  }
}
