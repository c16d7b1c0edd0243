import { randomUUID } from 'node:crypto';

import { AppError, createValidationPipe, ErrorCode } from '@app/common';
import { AppConfig } from '@app/config';
import { HttpStatus, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi';
import { findConsoleDir, serveConsole } from './web-console';

export interface CreateApiAppOptions {
  consumeJobs: boolean;
  /** Nest's own boot logs; the app logs through pino once created. */
  logger?: LogLevel[] | false;
}

/** Request id first, so that even a request refused by the body parser carries one in its error body. */
function requestId(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  const header = req.headers['x-request-id'];
  req.id = typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}

/** body-parser failures become the platform's own errors (400 MALFORMED_JSON, 413 PAYLOAD_TOO_LARGE). */
function parser(inner: express.RequestHandler) {
  return (req: Request, res: Response, next: NextFunction) =>
    inner(req, res, (err?: unknown) => {
      if (!err) return next();
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') {
        return next(new AppError(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE, '请求体过大'));
      }
      return next(AppError.badRequest(ErrorCode.MALFORMED_JSON, '请求体不是合法的 JSON'));
    });
}

/** The API application as main.ts and the e2e tests build it: one place for middleware, validation and docs. */
export async function createApiApp(options: CreateApiAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ consumeJobs: options.consumeJobs }),
    {
      bufferLogs: true,
      bodyParser: false,
      logger: options.logger,
    },
  );
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(requestId);
  app.use(parser(express.json({ limit: config.bodyLimit })));
  app.use(parser(express.urlencoded({ limit: config.bodyLimit, extended: false })));
  app.useGlobalPipes(createValidationPipe());
  const document = buildOpenApiDocument(app);
  // The web console (dist/web, built by `npm run build`), where it was built; the API works without it.
  serveConsole(app, document, findConsoleDir());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
