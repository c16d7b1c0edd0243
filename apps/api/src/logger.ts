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
        // 503 (search down) is an outage already reported by /health: warn.
        customLogLevel: (_req, res, err) =>
          res.statusCode === 503 ? 'warn' : err || res.statusCode >= 500 ? 'error' : 'info',
        // For a 5xx answered without an exception reaching pino-http, it makes up an Error whose stack points
        // into pino-http itself; the answer's status says it all (the exception filter logs real 500s once).
        customErrorObject: (_req, res, err, value) =>
          (res as { err?: unknown }).err || !err.message.startsWith('failed with status code')
            ? value
            : { res: value.res, responseTime: value.responseTime },
        customErrorMessage: (_req, res) => `request answered ${res.statusCode}`,
      },
      process.stdout,
    ],
  };
}
