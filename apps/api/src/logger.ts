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
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    },
  };
}
