import { Writable } from 'node:stream';

import pino from 'pino';
import { QueryFailedError } from 'typeorm';

import { REDACTING_LOG_OPTIONS } from '../log-redaction';

function capture() {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  return { logger: pino(REDACTING_LOG_OPTIONS, stream), out: () => out };
}

describe('log redaction', () => {
  it('logs a failed statement’s message but none of its parameters', () => {
    const { logger, out } = capture();
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    const err = new QueryFailedError(
      'INSERT INTO users (email, password_hash) VALUES ($1, $2)',
      ['li@example.com', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'],
      driverError,
    );
    logger.error({ err, requestId: 'r1' }, 'Unhandled error');
    expect(out()).toContain('invalid byte sequence');
    expect(out()).not.toContain('$argon2id');
    expect(out()).not.toContain('li@example.com');
  });

  it('redacts credentials in headers and password fields', () => {
    const { logger, out } = capture();
    logger.info({
      req: { headers: { authorization: 'Bearer eyJhbGciOi.secret', cookie: 'sid=abc123' } },
      body: { email: 'a@example.com', password: 'Kunshan2026' },
    });
    expect(out()).not.toMatch(/eyJhbGciOi|abc123|Kunshan2026/);
    expect(out()).toContain('[redacted]');
  });
});
