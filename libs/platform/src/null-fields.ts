import { FieldError } from './problem-details';
import { API_MODEL_PROPERTIES } from './swagger-metadata';

interface DocumentedProperty {
  nullable?: boolean;
}


const documented = (target: object, property: string): DocumentedProperty | undefined =>
  Reflect.getMetadata(API_MODEL_PROPERTIES, target, property) as DocumentedProperty | undefined;

/**
 * The fields of a validated body that are `null` where the OpenAPI document does not say
 * `nullable: true`, by dotted path (nested DTOs and arrays of them included). class-validator's
 * `@IsOptional()` lets null through as it lets an absent field; the document promises an absent
 * field only, so a null there is refused rather than taken for "absent" by one handler and for a
 * value by another. Plain objects (label maps, free JSON) are not DTOs and are left alone.
 */
export function undocumentedNulls(value: unknown, path = ''): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => undocumentedNulls(item, path ? `${path}.${index}` : String(index)));
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) === Object.prototype) return [];
  const errors: FieldError[] = [];
  for (const [property, field] of Object.entries(value)) {
    const at = path ? `${path}.${property}` : property;
    if (field === null) {
      const metadata = documented(value, property);
      if (metadata && !metadata.nullable) errors.push({ field: at, reason: `${property} must not be null (omit it instead)` });
    } else {
      errors.push(...undocumentedNulls(field, at));
    }
  }
  return errors;
}
