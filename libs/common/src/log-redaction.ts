import { stdSerializers } from 'pino';

/**
 * Paths pino replaces with [redacted], in the API and the worker: credentials in request headers, password fields
 * of any logged object, and the parameters a database error carries (TypeORM's QueryFailedError keeps the
 * statement's values — password hashes, budgets, contacts, confidential notes).
 */
export const REDACTED_LOG_PATHS = [
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
export function serializeLoggedError(err: unknown): unknown {
  return stripParameters(stdSerializers.err(err as Error), 0);
}

function stripParameters(value: unknown, depth: number): unknown {
  if (!value || typeof value !== 'object' || depth > 4 || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    copy[key] = key === 'parameters' ? '[redacted]' : key === 'stack' ? v : stripParameters(v, depth + 1);
  }
  return copy;
}

/** The redaction part of pino's options, shared by every process that logs. */
export const REDACTING_LOG_OPTIONS = {
  redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
  serializers: { err: serializeLoggedError },
};
