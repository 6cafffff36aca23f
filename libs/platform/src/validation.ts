import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
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

/** class-validator's checks, then the outbound guard's on @OutboundUrl fields that are otherwise valid, in one answer. */
class LinchpinValidationPipe extends ValidationPipe {
  constructor(private readonly outbound: OutboundGuard) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
    });
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const failed = new Set(flattenValidationErrors(errors).map((e) => e.field));
    const refused = outboundUrlErrors(object, this.outbound).filter((e) => !failed.has(e.field));
    // A dotted property flattens to itself: `members.1.contact.webhookUrl`.
    return [...errors, ...refused.map((e): ValidationError => ({ property: e.field, constraints: { outboundUrl: e.reason }, children: [] }))];
  }
}

/**
 * Unknown fields are rejected rather than dropped, so a typo in a request never passes silently.
 * @OutboundUrl fields are checked by `outbound` (the strictest guard when none is given).
 */
export function createValidationPipe(outbound: OutboundGuard = new OutboundGuard()): ValidationPipe {
  return new LinchpinValidationPipe(outbound);
}
