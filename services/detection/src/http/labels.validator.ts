import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { registerValidatorSchema } from '@linchpin/platform';

export const MAX_LABELS = 64;
export const MAX_LABEL_VALUE_LENGTH = 1024;
export const MAX_LABEL_KEY_LENGTH = 128;

/** Why a labels object is rejected, naming the offending key; undefined when it is fine. */
export function labelsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'labels must be an object of string values';
  const entries = Object.entries(value);
  if (entries.length > MAX_LABELS) return `labels must have at most ${MAX_LABELS} entries (got ${entries.length})`;
  for (const [key, label] of entries) {
    if (key.length === 0 || key.length > MAX_LABEL_KEY_LENGTH) return `label names must be 1–${MAX_LABEL_KEY_LENGTH} characters (labels.${key.slice(0, 40)})`;
    if (typeof label !== 'string') return `labels.${key} must be a string`;
    if (label.length > MAX_LABEL_VALUE_LENGTH) return `labels.${key} must be at most ${MAX_LABEL_VALUE_LENGTH} characters`;
  }
  return undefined;
}

// OpenAPI 3.0 cannot bound a map's keys (1–MAX_LABEL_KEY_LENGTH characters): the description says it.
registerValidatorSchema('isSmallLabelMap', {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: MAX_LABEL_VALUE_LENGTH },
  maxProperties: MAX_LABELS,
});

/** Labels are kept on every event of the alert and the incident: they must stay small. */
export function IsSmallLabelMap(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSmallLabelMap',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => labelsProblem(value) === undefined,
        defaultMessage: (args: ValidationArguments) => labelsProblem(args.value) ?? 'labels are invalid',
      },
    });
}
