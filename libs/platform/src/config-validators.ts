import { ValidateBy, ValidationOptions } from 'class-validator';
import { isPublicBaseUrl } from './links/link-settings';
import { parseCidr } from './outbound/address-policy';

/*
 * Validators for raw variables (always strings), for the platform's own and for a service's
 * ServiceSettings. The message (the reason) is the caller's, so it can say what the variable needs.
 */

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function IsPortNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPortNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^\d{1,5}$/.test(value) && +value >= 1 && +value <= 65535,
      },
    },
    options,
  );
}

export function IsBrokerList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBrokerList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && splitList(value).length > 0 && splitList(value).every((b) => /^[^\s:,/]+:\d{1,5}$/.test(b)),
      },
    },
    options,
  );
}

export function IsIntegerBetween(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIntegerBetween',
      validator: { validate: (value: unknown) => typeof value === 'string' && /^\d{1,9}$/.test(value) && +value >= min && +value <= max },
    },
    options,
  );
}

/** Digits only, at least 1, a safe integer. */
export function IsPositiveInteger(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPositiveInteger',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^\d+$/.test(value) && +value >= 1 && Number.isSafeInteger(+value),
      },
    },
    options,
  );
}

export function IsCidrList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCidrList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          splitList(value).every((cidr) => {
            try {
              parseCidr(cidr);
              return true;
            } catch {
              return false;
            }
          }),
      },
    },
    options,
  );
}

/** LINCHPIN_PUBLIC_URL: an absolute http(s) URL links can be appended to (no credentials, query or fragment). */
export function IsPublicBaseUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isPublicBaseUrl', validator: { validate: (value: unknown) => typeof value === 'string' && isPublicBaseUrl(value) } }, options);
}
