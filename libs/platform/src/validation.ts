import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Unknown fields are rejected rather than dropped, so a typo in a request never passes silently. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}
