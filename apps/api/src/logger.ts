import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { AppConfig } from '@app/config';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';

/**
 * Paths pino replaces with [redacted]: credentials in request headers, password fields of any logged object, and
 * the parameters a database error carries (TypeORM's QueryFailedError keeps the statement's values — password
 * hashes, budgets, contacts, confidential notes).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  'passwordHash',
  '*.password',
  '*.passwordHash',
  '*.currentPassword',
  '*.newPassword',
  '*.accessToken',
  'err.parameters',
  'err.driverError.parameters',
  '*.err.parameters',
];

/** pino's error serializer without the values of a failed statement, however deep the error nests them. */
export function serializeError(err: unknown): unknown {
  const out = stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  return stripParameters(out, 0);
}

function stripParameters(value: unknown, depth: number): unknown {
  if (!value || typeof value !== 'object' || depth > 4 || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    copy[key] = key === 'parameters' ? '[redacted]' : key === 'stack' ? v : stripParameters(v, depth + 1);
  }
  return copy;
}

/** Structured JSON logs carrying the request id; written to process.stdout. */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        // The request-id middleware (create-api-app.ts) ran first; reuse its id.
        genReqId: (req: IncomingMessage) => req.id ?? randomUUID(),
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        serializers: { err: serializeError },
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
        // 4xx are the caller's mistakes, answered as designed: info, not warn.
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      },
      process.stdout,
    ],
  };
}
