import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes, type ValidatorOptions } from 'class-validator';
import { undocumentedNulls } from './null-fields';
import { refinedSchemas } from './openapi-schema.decorator';
import { OutboundGuard, outboundUrlErrors } from './outbound';
import { FieldError, RequestValidationException } from './problem-details';

/** Flattens class-validator's tree into one entry per failed constraint, with the dotted path of the field. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const reason of Object.values(error.constraints ?? {})) out.push({ field, reason });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

const BUILT_IN_TYPES: unknown[] = [Object, Array, String, Number, Boolean];

/**
 * Whether the class's body may be left out: every property class-validator knows of it is `@IsOptional()` (a
 * class with none: true) and no rule across fields (`@OpenApiSchema`: "one of these", "at least one") asks for one.
 */
export function everyFieldOptional(target: abstract new (...args: never[]) => unknown): boolean {
  const across = refinedSchemas().get(target);
  if (across && (across.oneOf || across.anyOf || across.allOf || across.minProperties || across.required)) return false;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target as unknown as new () => unknown, '', true, false);
  const optional = new Set(metadatas.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.propertyName));
  return metadatas.every((m) => optional.has(m.propertyName));
}

/**
 * class-validator's checks, then the outbound guard's on @OutboundUrl fields that are otherwise valid, in one answer.
 * A route that declares a body class needs a JSON object: without one (no body at all, `null`, an array, a bare
 * value) class-validator had nothing to validate and the handler ran on defaults (a PUT of settings with no body
 * wiped them). Routes that take any JSON declare `unknown` and are left alone.
 */
class LinchpinValidationPipe extends ValidationPipe {
  /**
   * Each DTO's class-validator metadata, kept across requests: Nest looks it up again for every
   * body (a tenth of an alert's CPU in a storm), yet it is fixed once the decorators have run.
   */
  private readonly nestedMetadata = new Map<unknown, unknown[]>();

  constructor(private readonly outbound: OutboundGuard) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { type, metatype } = metadata;
    if (type === 'body' && typeof metatype === 'function' && !BUILT_IN_TYPES.includes(metatype)) {
      // No body at all is `{}` for a class whose every field is optional (`POST …/acknowledge` with nothing to add).
      if (value === undefined && everyFieldOptional(metatype)) value = {};
      if (value === undefined || value === null) throw new RequestValidationException([{ field: 'body', reason: 'a JSON object body is required' }]);
      if (typeof value !== 'object' || Array.isArray(value)) throw new RequestValidationException([{ field: 'body', reason: 'the body must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }

  protected override findNestedBinaryValues(object: unknown, metadataCache: Map<unknown, unknown[]> = this.nestedMetadata): ValidationError[] {
    return super.findNestedBinaryValues(object, metadataCache);
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const failed = new Set(flattenValidationErrors(errors).map((e) => e.field));
    const refused = outboundUrlErrors(object, this.outbound).filter((e) => !failed.has(e.field));
    const nulls = undocumentedNulls(object).filter((e) => !failed.has(e.field));
    // A dotted property flattens to itself: `members.1.contact.webhookUrl`.
    return [
      ...errors,
      ...refused.map((e): ValidationError => ({ property: e.field, constraints: { outboundUrl: e.reason }, children: [] })),
      ...nulls.map((e): ValidationError => ({ property: e.field, constraints: { notNull: e.reason }, children: [] })),
    ];
  }
}

/**
 * Unknown fields are rejected rather than dropped, so a typo in a request never passes silently;
 * so is a null the OpenAPI document does not allow (see undocumentedNulls).
 * @OutboundUrl fields are checked by `outbound` (the strictest guard when none is given).
 */
export function createValidationPipe(outbound: OutboundGuard = new OutboundGuard()): ValidationPipe {
  return new LinchpinValidationPipe(outbound);
}
