import 'reflect-metadata';
import { FieldError } from '../problem-details';
import { OutboundGuard } from './outbound-guard';

const OUTBOUND_URL_FIELDS = 'linchpin:outbound-url-fields';

/**
 * Marks a DTO property as a URL Linchpin will call later (a webhook). The validation pipe refuses
 * it at write time when the outbound guard would refuse it by its literal form: scheme,
 * credentials, a refused IP in any spelling, a loopback or metadata name. Names are resolved only
 * at send time. Pair it with @IsUrl for the shape.
 */
export function OutboundUrl(): PropertyDecorator {
  return (target, property) => {
    const inherited: string[] = Reflect.getMetadata(OUTBOUND_URL_FIELDS, target) ?? [];
    Reflect.defineMetadata(OUTBOUND_URL_FIELDS, [...inherited, String(property)], target);
  };
}

/** One error per @OutboundUrl field of a validated DTO (nested objects and arrays included) the guard refuses. */
export function outboundUrlErrors(value: unknown, guard: OutboundGuard, path = ''): FieldError[] {
  if (value === null || typeof value !== 'object') return [];
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(value)) return value.flatMap((item, index) => outboundUrlErrors(item, guard, at(index)));
  const errors: FieldError[] = [];
  const fields: string[] = Reflect.getMetadata(OUTBOUND_URL_FIELDS, value) ?? [];
  for (const [key, child] of Object.entries(value)) {
    if (fields.includes(key) && typeof child === 'string') {
      const reason = guard.refusalOf(child);
      if (reason) errors.push({ field: at(key), reason });
    } else {
      errors.push(...outboundUrlErrors(child, guard, at(key)));
    }
  }
  return errors;
}
