import type { OpenAPIObject, ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { Class } from './nest-routes';
import { refinedSchemas } from './openapi-schema.decorator';
import { API_MODEL_PROPERTIES, API_MODEL_PROPERTIES_ARRAY } from './swagger-metadata';

/**
 * The validation rules a request is held to, written into the OpenAPI document: what the
 * class-validator decorators of a DTO refuse is what its schema says, from the same decorators,
 * so a client (and Schemathesis) learns a limit from the document rather than from a 400.
 * Only rules JSON Schema states exactly are carried over; the others stay in the descriptions.
 */
type Rule = (schema: SchemaObject, constraints: readonly unknown[]) => void;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const lower = (current: number | undefined, next: unknown): number | undefined => (isNumber(next) ? Math.min(current ?? next, next) : current);
const higher = (current: number | undefined, next: unknown): number | undefined => (isNumber(next) ? Math.max(current ?? next, next) : current);

const RULES: Record<string, Rule> = {
  // class-validator's "not empty" is "not ''", for a string: at least one character.
  isNotEmpty: (s) => {
    if (s.type === 'string') s.minLength = higher(s.minLength, 1);
  },
  minLength: (s, [n]) => {
    s.minLength = higher(s.minLength, n);
  },
  maxLength: (s, [n]) => {
    s.maxLength = lower(s.maxLength, n);
  },
  // Counted in UTF-16 units (text-validators.ts), as the event contracts count: never more than the document's maxLength.
  maxUtf16Length: (s, [n]) => {
    s.maxLength = lower(s.maxLength, n);
  },
  min: (s, [n]) => {
    s.minimum = higher(s.minimum, n);
  },
  max: (s, [n]) => {
    s.maximum = lower(s.maximum, n);
  },
  isInt: (s) => {
    if (s.type === undefined || s.type === 'number') s.type = 'integer';
  },
  isPositive: (s) => {
    if (s.minimum === undefined) Object.assign(s, { minimum: 0, exclusiveMinimum: true });
  },
  arrayNotEmpty: (s) => {
    s.minItems = higher(s.minItems, 1);
  },
  arrayMinSize: (s, [n]) => {
    s.minItems = higher(s.minItems, n);
  },
  arrayMaxSize: (s, [n]) => {
    s.maxItems = lower(s.maxItems, n);
  },
  isIn: (s, [values]) => {
    if (s.enum === undefined && Array.isArray(values)) s.enum = [...values];
  },
  equals: (s, [value]) => {
    if (s.enum === undefined && value !== undefined) s.enum = [value];
  },
  isUuid: (s) => {
    if (s.format === undefined) s.format = 'uuid';
  },
  isIso8601: (s, [options]) => {
    if (s.format === undefined) s.format = 'date-time';
    // The strict check compares the date with JavaScript's reading of it, which maps years 0–99 to 1900–1999.
    if ((options as { strict?: boolean } | undefined)?.strict && s.pattern === undefined) s.pattern = '^(?!00)';
  },
  // Compared whole: a selector (`ArrayUnique(t => t.id)`) may be stricter than the document says.
  arrayUnique: (s) => {
    s.uniqueItems = true;
  },
  // A pattern with flags (`/x/i`) has no JSON Schema form: it stays in the description.
  matches: (s, [pattern, modifiers]) => {
    const source = pattern instanceof RegExp ? (pattern.flags === '' ? pattern.source : undefined) : typeof pattern === 'string' && !modifiers ? pattern : undefined;
    if (source !== undefined) addPattern(s, portablePattern(source));
  },
  isTimeZone: (s) => {
    if (s.enum === undefined) s.enum = Intl.supportedValuesOf('timeZone');
  },
  isEmail: (s) => {
    if (s.format === undefined) s.format = 'email';
  },
  // `IsUrl({ protocols: ['http', 'https'], require_protocol: true })`: a URI that starts with one of them.
  isUrl: (s, [options]) => {
    if (s.format === undefined) s.format = 'uri';
    const { protocols, require_protocol: requireProtocol } = (options ?? {}) as { protocols?: string[]; require_protocol?: boolean };
    if (s.pattern === undefined && requireProtocol && protocols?.length) s.pattern = `^(${protocols.join('|')})://`;
  },
};

/**
 * What a custom validator (`ValidateBy({ name: 'isInstant', … })`) accepts, in OpenAPI terms: its
 * owner registers it next to it, and every property it checks is documented so.
 */
export function registerValidatorSchema(name: string, schema: SchemaObject): void {
  RULES[name] = (s) => {
    for (const [key, value] of Object.entries(schema) as [keyof SchemaObject, unknown][]) {
      if (key === 'pattern') addPattern(s, portablePattern(value as string));
      else if (s[key] === undefined) Object.assign(s, { [key]: value });
    }
  };
}

/** A string must match every rule's pattern: the first is the schema's `pattern`, each other one an `allOf` entry. */
function addPattern(s: SchemaObject, pattern: string): void {
  if (s.pattern === undefined) s.pattern = pattern;
  else if (s.pattern !== pattern && !(s.allOf ?? []).some((entry) => 'pattern' in entry && entry.pattern === pattern)) s.allOf = [...(s.allOf ?? []), { pattern }];
}

/** JavaScript's `\s` (ECMA-262 WhiteSpace and LineTerminator): other regex engines' `\s` differ (Python's takes `\x1c`–`\x1f`). */
const JS_SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const CLASS_ESCAPES: Record<string, { outside: string; inside?: string }> = {
  s: { outside: `[${JS_SPACE}]`, inside: JS_SPACE },
  S: { outside: `[^${JS_SPACE}]` },
  d: { outside: '[0-9]', inside: '0-9' },
  D: { outside: '[^0-9]' },
  w: { outside: '[A-Za-z0-9_]', inside: 'A-Za-z0-9_' },
  W: { outside: '[^A-Za-z0-9_]' },
};

/**
 * A JavaScript pattern in a form every JSON Schema tool reads the same: `\s`, `\d` and `\w` spelled
 * out, since engines disagree on them (Python's `\d` takes every Unicode digit, which `\d` here refuses).
 */
export function portablePattern(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\' && i + 1 < source.length) {
      const next = source[i + 1];
      const escape = CLASS_ESCAPES[next];
      const replacement = escape && (inClass ? escape.inside : escape.outside);
      out += replacement ?? char + next;
      i += 1;
    } else {
      if (char === '[' && !inClass) inClass = true;
      else if (char === ']' && inClass) inClass = false;
      out += char;
    }
  }
  return out;
}

/** The decorator's name: a built-in (`isIn`) or a custom one registered with a name (`isNotBlank`). */
const ruleOf = (metadata: ValidationMetadata): Rule | undefined =>
  metadata.type === ValidationTypes.CUSTOM_VALIDATION && metadata.name ? RULES[metadata.name] : undefined;


/** The classes a documented property holds: `type: Dto`, `type: [Dto]` or `type: () => Dto`. */
function nestedClassesOf(target: Class): Class[] {
  const names = (Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, target.prototype) ?? []) as string[];
  return names.flatMap((name) => {
    const { type } = (Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype, name.replace(/^:/, '')) ?? {}) as { type?: unknown };
    const unwrap = (candidate: unknown): Class[] => {
      if (Array.isArray(candidate)) return candidate.flatMap(unwrap);
      if (typeof candidate !== 'function') return [];
      // A class has a prototype; a lazy `() => Dto` has none.
      if (candidate.prototype === undefined) return unwrap((candidate as () => unknown)());
      return [String, Number, Boolean, Object, Array, Date].includes(candidate as never) ? [] : [candidate as Class];
    };
    return unwrap(type);
  });
}

/** The classes `roots` name, and each class their documented properties hold, transitively. */
export function documentedClasses(roots: readonly Class[]): Class[] {
  const found = new Set<Class>();
  const visit = (target: Class): void => {
    if (found.has(target)) return;
    found.add(target);
    nestedClassesOf(target).forEach(visit);
  };
  roots.forEach(visit);
  return [...found];
}

/** A class's rules, its parents' included. */
export function rulesOf(target: Class): ValidationMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(target as unknown as new () => unknown, '', true, false);
}

const isReference = (schema: SchemaObject | ReferenceObject | undefined): schema is ReferenceObject => !!schema && '$ref' in schema;

/** Applies one property's rules to its schema (`each` ones to the items of an array). */
export function applyRules(schema: SchemaObject, metadatas: readonly ValidationMetadata[]): void {
  for (const metadata of metadatas) {
    const rule = ruleOf(metadata);
    if (!rule) continue;
    if (metadata.each) {
      if (schema.type === 'array' && schema.items && !isReference(schema.items)) rule(schema.items, metadata.constraints ?? []);
    } else {
      rule(schema, metadata.constraints ?? []);
    }
  }
}

function byProperty(metadatas: readonly ValidationMetadata[]): Map<string, ValidationMetadata[]> {
  const out = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) out.set(metadata.propertyName, [...(out.get(metadata.propertyName) ?? []), metadata]);
  return out;
}

/** The property's own schema: directly, or the one beside the `allOf: [$ref]` Swagger writes for a nullable reference. */
const propertySchema = (schema: SchemaObject | ReferenceObject | undefined): SchemaObject | undefined => (schema && !isReference(schema) ? schema : undefined);

/**
 * Each component schema of a request class gets its rules, and `additionalProperties: false`: the
 * validation pipe refuses a property it has no rule for (`forbidNonWhitelisted`). A name two
 * request classes share is skipped: which of them Swagger wrote is unknown (the contract test
 * asserts there is none).
 */
export function documentValidationRules(document: OpenAPIObject, bodyClasses: readonly Class[]): void {
  const schemas = document.components?.schemas ?? {};
  const classes = documentedClasses(bodyClasses);
  const names = new Map<string, number>();
  for (const target of classes) names.set(target.name, (names.get(target.name) ?? 0) + 1);
  for (const target of classes) {
    const schema = schemas[target.name];
    if (!schema || isReference(schema) || names.get(target.name) !== 1) continue;
    for (const [property, metadatas] of byProperty(rulesOf(target))) {
      const own = propertySchema(schema.properties?.[property]);
      if (own) applyRules(own, metadatas);
    }
    // A nested class without rules is not validated as a class (a plain object passes as it is).
    const whitelisted = bodyClasses.includes(target) || rulesOf(target).length > 0;
    if (whitelisted && schema.type === 'object' && schema.additionalProperties === undefined) schema.additionalProperties = false;
  }
  for (const [target, refinement] of refinedSchemas()) {
    const schema = schemas[target.name];
    if (schema && !isReference(schema)) Object.assign(schema, refinement);
  }
}

/** The rules of a `@Query()` DTO, on the operation's query parameters of the same names. */
export function documentQueryRules(parameters: readonly ParameterObject[], queryClass: Class): void {
  const rules = byProperty(rulesOf(queryClass));
  for (const parameter of parameters) {
    const own = parameter.in === 'query' ? propertySchema(parameter.schema) : undefined;
    const metadatas = rules.get(parameter.name);
    if (own && metadatas) applyRules(own, metadatas);
  }
}
