import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { registerValidatorSchema } from './openapi-validation';
import { RequestValidationException } from './problem-details';

/*
 * Names and identifiers are shown in consoles, logs, timelines and pages: a control character in one
 * (a newline that forges a log line, a NUL, a terminal escape, a bidi override that reverses what a
 * reader sees) is refused at the door, as a 400 naming the field. Free text (a message, a reason) may
 * hold line breaks; a name may not.
 */

/** C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional overrides and isolates. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

// The OpenAPI document says so, so that clients and contract tests send what is taken.
/** A JSON Schema `pattern` for text without control characters (for a hand-written schema, e.g. a sender's payload). */
export const NO_CONTROL_CHARS_PATTERN = `^[^${CONTROL_CHARACTERS.source.slice(1, -1)}]*$`;
registerValidatorSchema('noControlChars', { type: 'string', pattern: NO_CONTROL_CHARS_PATTERN });
registerValidatorSchema('isNotBlank', { type: 'string', pattern: '\\S' });

export const hasControlCharacters = (value: string): boolean => CONTROL_CHARACTERS.test(value);

/** A name or identifier without control characters (use `{ each: true }` on an array of them). */
export function NoControlChars(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noControlChars',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacters(value),
        defaultMessage: () => '$property must not contain control characters (line breaks, tabs, NUL, escapes, bidirectional overrides)',
      },
    },
    options,
  );
}

/** Text with at least one character that is not whitespace: a blank message or reason is a 400, not a rule's 409. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim() !== '',
        defaultMessage: () => '$property must not be blank',
      },
    },
    options,
  );
}

/**
 * A service name as alerts carry it in their `service` label and as a path segment names it: letters,
 * digits, `.`, `_` and `-`, starting with a letter or digit, at most 100 characters (no `/`, no `..`
 * at the start, no space, no control character).
 */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const SERVICE_NAME_RULE = 'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters';

/** For a service name in the path: anything else is a 400 naming the parameter. */
@Injectable()
export class ServiceNameParamPipe implements PipeTransform<string, string> {
  /** What the OpenAPI document says of the parameter (see DocumentedPipe in openapi-parameters.ts). */
  static readonly openApiSchema = { type: 'string', pattern: SERVICE_NAME_PATTERN.source, maxLength: 100 } as const;

  constructor(private readonly field: string = 'service') {}

  transform(value: string): string {
    if (!SERVICE_NAME_PATTERN.test(value)) {
      throw new RequestValidationException([{ field: this.field, reason: `${this.field} must be a service name: ${SERVICE_NAME_RULE}` }]);
    }
    return value;
  }
}

/**
 * At most `max` UTF-16 code units (`value.length`), as the event contracts count a `maxLength` (TypeBox checks
 * `length`). class-validator's `MaxLength` counts code points, so 4000 emoji passed it while their 8000 units broke
 * the contract and the event was dead-lettered by its consumers: a DTO field copied into an event uses this one
 * with the contract's limit. An emoji or any character beyond the Basic Multilingual Plane counts as 2.
 */
export function MaxUtf16Length(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxUtf16Length',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value.length <= max,
        defaultMessage: () => `$property must be at most ${max} UTF-16 code units long (an emoji or other character beyond the Basic Multilingual Plane counts as 2)`,
      },
    },
    options,
  );
}
