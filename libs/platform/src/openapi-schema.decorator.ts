import type { SchemaObject } from '@nestjs/swagger';
import type { Class } from './nest-routes';

const refined = new Map<Class, SchemaObject>();

/**
 * What a DTO's schema must say beyond its properties, for a rule that spans them: "exactly one of
 * `personId` and `teamId`" is `oneOf: [{ required: ['personId'] }, { required: ['teamId'] }]`.
 * @nestjs/swagger has no class-level decorator for it; the platform merges it into the class's
 * component schema (openapi-validation.ts). The handler still checks the rule: this documents it.
 */
export function OpenApiSchema(schema: SchemaObject): ClassDecorator {
  return (target) => {
    refined.set(target as unknown as Class, { ...refined.get(target as unknown as Class), ...schema });
  };
}

/** Every class @OpenApiSchema refined, with what it added. */
export const refinedSchemas = (): ReadonlyMap<Class, SchemaObject> => refined;
