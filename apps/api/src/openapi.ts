import { SESSION_COOKIE } from '@app/auth';
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The API's OpenAPI document from the controllers' metadata. The served /docs and the console's generated
 * client (`npm run gen:api`, built from a preview-mode app without any service) both come from here.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('祖冲之攻关计划 技术需求—科技成果供需对接平台 API')
      .setDescription(
        'Demands (技术需求), achievements (科技成果), organisations, industry chains and the event log. ' +
          'Errors: {statusCode, code, message, details, path, timestamp, requestId}; message in Chinese, code stable. ' +
          `Authenticate with \`Authorization: Bearer …\` (POST /auth/login), or in a browser with the httpOnly ` +
          `\`${SESSION_COOKIE}\` cookie set by POST /auth/session; cookie-authenticated unsafe requests must echo ` +
          'the `zcz_csrf` cookie in an `X-CSRF-Token` header.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
}
