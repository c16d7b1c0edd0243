import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { getMetadataStorage, ValidateBy, ValidationError } from 'class-validator';

/** Marker constraint: the metadata survives PartialType/PickType/OmitType, which copy class-validator metadata. */
const NULLABLE_MARKER = 'zcz:nullable';

/**
 * The property accepts `null` (which clears a nullable column). Without it, `null` is refused with 400 on every DTO,
 * create or patch, even where `@IsOptional()` (which lets null through class-validator) is present.
 * Put it above `@ApiProperty…` so that the OpenAPI schema says `nullable: true`.
 */
export function Nullable(): PropertyDecorator {
  return applyDecorators(
    ValidateBy({ name: 'isNullable', constraints: [NULLABLE_MARKER], validator: { validate: () => true } }),
    ApiProperty({ nullable: true, required: false }),
  );
}

const cache = new Map<abstract new (...args: never[]) => unknown, { known: Set<string>; nullable: Set<string> }>();

function rulesOf(type: abstract new (...args: never[]) => unknown): { known: Set<string>; nullable: Set<string> } {
  let rules = cache.get(type);
  if (!rules) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
    rules = {
      known: new Set(metadata.map((m) => m.propertyName)),
      nullable: new Set(metadata.filter((m) => m.constraints?.[0] === NULLABLE_MARKER).map((m) => m.propertyName)),
    };
    cache.set(type, rules);
  }
  return rules;
}

function isDto(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.constructor !== Object;
}

/**
 * `null` in a property of a validated DTO (nested DTOs and arrays of them included) that is not `@Nullable()`.
 * Properties unknown to the DTO are left to the whitelist; properties with errors already are not reported twice.
 */
export function nullViolations(instance: object, errors: ValidationError[]): ValidationError[] {
  const out: ValidationError[] = [];
  const walk = (obj: object, path: string, existing: ValidationError[] | undefined) => {
    if (!isDto(obj)) return;
    const rules = rulesOf(obj.constructor as abstract new (...args: never[]) => unknown);
    for (const [key, value] of Object.entries(obj)) {
      if (!rules.known.has(key)) continue;
      const field = path ? `${path}.${key}` : key;
      const already = existing?.find((e) => e.property === key);
      if (value === null) {
        if (!rules.nullable.has(key) && !already?.constraints) {
          out.push({ property: field, constraints: { isNotNull: `${field} must not be null` }, children: [] });
        }
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => walk(item, `${field}.${i}`, undefined));
      } else if (isDto(value)) {
        walk(value, field, already?.children);
      }
    }
  };
  walk(instance, '', errors);
  return out;
}
