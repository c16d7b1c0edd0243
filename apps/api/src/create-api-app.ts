import { randomUUID } from 'node:crypto';

import {
  AppError,
  createValidationPipe,
  ErrorCode,
  findUnsafeText,
  jsonDepthExceeds,
  useServerTiming,
} from '@app/common';
import { AppConfig } from '@app/config';
import { HttpStatus, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi';
import { findConsoleDir, serveConsole } from './web-console';

export interface CreateApiAppOptions {
  consumeJobs: boolean;
  /** Settings resolved by the caller (embedded launcher, bench); read from the environment when absent. */
  config?: AppConfig;
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

class JsonTooDeep extends Error {}

/** body-parser failures become the platform's own errors (400 MALFORMED_JSON / JSON_TOO_DEEP, 413). */
function parser(inner: express.RequestHandler, maxDepth: number) {
  return (req: Request, res: Response, next: NextFunction) =>
    inner(req, res, (err?: unknown) => {
      if (!err) return next();
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') {
        return next(new AppError(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE, '请求体过大'));
      }
      if (err instanceof JsonTooDeep) {
        return next(
          AppError.badRequest(ErrorCode.JSON_TOO_DEEP, `请求体 JSON 嵌套层数超过上限（${maxDepth} 层）`, {
            maxDepth,
          }),
        );
      }
      return next(AppError.badRequest(ErrorCode.MALFORMED_JSON, '请求体不是合法的 JSON'));
    });
}

/**
 * Input hardening at the boundary, before any controller: body parsers with the size and JSON depth limits
 * (depth counted on the raw bytes, so no parser or validator ever recurses 5 000 levels), then one check that
 * no string of body, query or path holds a NUL character or a lone surrogate (400 INVALID_TEXT naming the field).
 */
function useInputGuards(app: NestExpressApplication, config: AppConfig): void {
  const maxDepth = config.jsonMaxDepth;
  const verify = (_req: unknown, _res: unknown, buf: Buffer) => {
    if (jsonDepthExceeds(buf, maxDepth)) throw new JsonTooDeep();
  };
  app.use(parser(express.json({ limit: config.bodyLimit, verify }), maxDepth));
  app.use(parser(express.urlencoded({ limit: config.bodyLimit, extended: false }), maxDepth));
  app.use((req: Request, _res: Response, next: NextFunction) => {
    let path: string | undefined;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      path = undefined; // undecodable escapes are refused by routing itself
    }
    const found =
      (path !== undefined ? findUnsafeText(path, 'path') : undefined) ??
      findUnsafeText(req.query, 'query') ??
      findUnsafeText(req.body, '');
    if (!found) return next();
    next(
      AppError.badRequest(ErrorCode.INVALID_TEXT, `请求参数校验失败：${found.field}：${found.reason}`, [
        { field: found.field, reason: found.reason },
      ]),
    );
  });
}

/**
 * Security headers (helmet). The CSP allows only same-origin scripts, so a same-origin web console works as long
 * as it ships no inline script; swagger-ui at /docs loads its own external scripts and needs inline styles and
 * data: images, which the policy allows everywhere (styles cannot run code). No upgrade-insecure-requests: the
 * embedded start is served over plain HTTP.
 */
function useSecurityHeaders(app: NestExpressApplication, config: AppConfig): void {
  if (config.trustProxy !== undefined) {
    const hops = Number(config.trustProxy);
    const value =
      config.trustProxy === 'true'
        ? true
        : config.trustProxy === 'false'
          ? false
          : Number.isInteger(hops)
            ? hops
            : config.trustProxy;
    app.set('trust proxy', value);
  }
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': null,
        },
      },
      // Downloads are fetched by the console from the same origin; nothing is embedded cross-origin.
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
}

/** OpenAPI UI at /docs and the document at /docs/openapi.json, unless DOCS_ENABLED says otherwise. */
function useDocs(app: NestExpressApplication, config: AppConfig, document: OpenAPIObject): void {
  if (!config.docsEnabled) return;
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/** The API application as main.ts and the e2e tests build it: one place for middleware, validation and docs. */
export async function createApiApp(options: CreateApiAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ consumeJobs: options.consumeJobs, config: options.config }),
    {
      bufferLogs: true,
      bodyParser: false,
      logger: options.logger,
    },
  );
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // First: the request's Server-Timing starts as it arrives (handlers that report phases send the header).
  app.use(useServerTiming);
  app.use(requestId);
  useSecurityHeaders(app, config);
  useInputGuards(app, config);
  app.useGlobalPipes(createValidationPipe());
  const document = buildOpenApiDocument(app);
  // The web console (dist/web, built by `npm run build`), where it was built; the API works without it.
  serveConsole(app, document, findConsoleDir(config.webDist));
  useDocs(app, config, document);
  return app;
}
