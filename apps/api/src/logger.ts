import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { AppConfig } from '@app/config';
import type { Params } from 'nestjs-pino';

/** Structured JSON logs carrying the request id. */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      // The request-id middleware (create-api-app.ts) ran first; reuse its id.
      genReqId: (req: IncomingMessage) => req.id ?? randomUUID(),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
      // 4xx are the caller's mistakes, answered as designed: info, not warn.
      // 503 (search down) is an outage already reported by /health: warn.
      customLogLevel: (_req, res, err) =>
        res.statusCode === 503 ? 'warn' : err || res.statusCode >= 500 ? 'error' : 'info',
      // pino-http invents an Error for every 5xx; its stack says nothing. The real one is logged by the filter.
      serializers: {
        err: (err: { type?: string; message?: string; stack?: string; [k: string]: unknown }) =>
          typeof err?.message === 'string' && err.message.startsWith('failed with status code')
            ? { message: err.message }
            : err,
      },
    },
  };
}
