import { createValidationPipe } from '@app/common';
import { AppConfig } from '@app/config';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';

/** Everything main.ts and the e2e tests share: logger, body limits, validation, OpenAPI. */
export function configureApp(app: INestApplication): void {
  const config = app.get(AppConfig);
  const express = app as NestExpressApplication;
  app.useLogger(app.get(Logger));
  express.useBodyParser('json', { limit: config.bodyLimit });
  express.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  express.disable('x-powered-by');
  express.set('query parser', 'extended');
  app.useGlobalPipes(createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('祖冲之攻关计划 技术需求—科技成果供需对接平台 API')
      .setDescription(
        'Demands (技术需求), achievements (科技成果), organisations, industry chains and the event log. ' +
          'Errors: {statusCode, code, message, details, path, timestamp, requestId}; message in Chinese, code stable.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
