import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { REDACTING_LOG_OPTIONS } from '@app/common';
import { AppConfig } from '@app/config';
import type { Params } from 'nestjs-pino';

/** Structured JSON logs carrying the request id, without secrets (REDACTING_LOG_OPTIONS); written to stdout. */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        // The request-id middleware (create-api-app.ts) ran first; reuse its id.
        genReqId: (req: IncomingMessage) => req.id ?? randomUUID(),
        ...REDACTING_LOG_OPTIONS,
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
        // 4xx are the caller's mistakes, answered as designed: info, not warn.
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      },
      process.stdout,
    ],
  };
}
