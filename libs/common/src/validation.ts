import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';

import { AppError, FieldError, fieldErrorMessage } from './app-error';
import { ErrorCode } from './error-codes';
import { findUnsafeText } from './input-guard';
import { nullViolations } from './nullable';

/** Chinese reasons for the class-validator constraints the platform uses; unknown ones fall back to 取值不合法. */
const REASONS: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isDefined: '必填',
  isNotNull: '不能为 null（该字段不可清空）',
  isNotEmpty: '不能为空',
  isString: '必须是字符串',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isBoolean: '必须是布尔值',
  isArray: '必须是数组',
  isObject: '必须是对象',
  isEmail: '邮箱格式不正确',
  isUuid: '必须是合法的 UUID',
  isUUID: '必须是合法的 UUID',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  isDateString: '必须是 ISO 8601 日期',
  isISO8601: '必须是 ISO 8601 日期',
  maxLength: '长度超出上限',
  minLength: '长度不足',
  arrayMaxSize: '元素数量超出上限',
  arrayMinSize: '元素数量不足',
  arrayUnique: '元素不能重复',
  max: '数值超出上限',
  min: '数值低于下限',
  matches: '格式不正确',
  isMobilePhone: '手机号码格式不正确',
  nestedValidation: '嵌套对象不合法',
  budgetRange: '预算下限不能高于上限',
  notPastDate: '不能早于今天',
  notFutureDate: '不能晚于今天',
};

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, constraint, reason: REASONS[constraint] ?? '取值不合法', message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationException(errors: ValidationError[]): AppError {
  const details = flattenValidationErrors(errors);
  return AppError.invalid(details, fieldErrorMessage(details, 3));
}

/**
 * class-validator plus one rule of our own: `null` is refused in every DTO property not marked `@Nullable()`
 * (`@IsOptional()` alone would let it through to a NOT NULL column).
 */
export class PlatformValidationPipe extends ValidationPipe {
  /**
   * The boundary middleware checks JSON, form and query strings before routing; multipart text fields are parsed
   * later, by the route's upload interceptor, so they are checked here, on their way into the DTO.
   */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const found = findUnsafeText(value, '');
      if (found) {
        throw AppError.badRequest(ErrorCode.INVALID_TEXT, `请求参数校验失败：${found.field}：${found.reason}`, [
          { field: found.field, reason: found.reason },
        ]);
      }
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    return [...errors, ...nullViolations(object, errors)];
  }
}

/** The one validation pipe of every HTTP boundary. */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: validationException,
  });
}
