import { ParseIntPipe } from '@nestjs/common';
import type { OpenAPIObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import { DeclaredPipe, NestRoute } from './nest-routes';
import { documentQueryRules } from './openapi-validation';

/**
 * A pipe class that says, in OpenAPI terms, which values it lets through (a pattern, a length), as
 * a static `openApiSchema`: a parameter it guards is documented so, and clients and contract tests
 * know before they call.
 */
export interface DocumentedPipe {
  readonly openApiSchema: SchemaObject;
}

/** The pipe's class (used as `@Param('x', SomePipe)` or `new SomePipe()`) when it is documented. */
function documentedClassOf(pipe: DeclaredPipe): DocumentedPipe | undefined {
  const candidate = (typeof pipe === 'function' ? pipe : pipe.constructor) as Partial<DocumentedPipe>;
  return typeof candidate.openApiSchema === 'object' ? (candidate as DocumentedPipe) : undefined;
}

/** What the value of a parameter guarded by `pipe` must look like; undefined for a pipe that says nothing. */
export function schemaOfPipe(pipe: DeclaredPipe): SchemaObject | undefined {
  // Past the safe integers a number is no longer read exactly (and from 1e21 ParseIntPipe refuses it).
  if (pipe === ParseIntPipe || pipe instanceof ParseIntPipe) return { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };
  return documentedClassOf(pipe)?.openApiSchema;
}

function documentPipes(parameters: ParameterObject[], location: 'path' | 'query', pipesByName: ReadonlyMap<string, readonly DeclaredPipe[]>): void {
  for (const [name, pipes] of pipesByName) {
    const parameter = parameters.find((p) => p.in === location && p.name === name);
    if (!parameter) continue;
    for (const pipe of pipes) {
      const schema = schemaOfPipe(pipe);
      if (schema) parameter.schema = { ...(parameter.schema as SchemaObject | undefined), ...schema };
    }
  }
}

/**
 * The schema of each path and query parameter from the pipes and the query DTO that check it, so
 * the document cannot drift from the code: an `@Param('id', UuidParamPipe)` is `format: uuid` (a
 * client sending `itil-default` learns it from the document, not from a 400), a ParseIntPipe'd
 * one an integer, a `@Query() query: SomeQueryDto` field carries that DTO's validation rules.
 */
export function documentParameters(document: OpenAPIObject, routes: readonly NestRoute[]): void {
  for (const route of routes) {
    const operation = (document.paths[route.path] as Record<string, { parameters?: ParameterObject[] }> | undefined)?.[route.method];
    if (!operation?.parameters) continue;
    documentPipes(operation.parameters, 'path', route.pathParams);
    documentPipes(operation.parameters, 'query', route.queryParams);
    if (route.queryClass) documentQueryRules(operation.parameters, route.queryClass);
  }
}
