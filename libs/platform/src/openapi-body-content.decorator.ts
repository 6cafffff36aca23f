import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import type { NestRoute } from './nest-routes';

const BODY_CONTENT = 'linchpin:openapi-body-content';

/**
 * A request body whose schema depends on its media type (a log batch is any text as NDJSON or plain
 * text, and an array, an object or a string as JSON). `@ApiBody` gives every media type one schema;
 * this gives each its own, and the platform writes them into the document (documentBodyContent).
 */
export function ApiBodyContent(content: Record<string, SchemaObject>): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(BODY_CONTENT, content, descriptor.value as object);
    return descriptor;
  };
}

export function documentBodyContent(document: OpenAPIObject, routes: readonly NestRoute[]): void {
  for (const route of routes) {
    const content = Reflect.getMetadata(BODY_CONTENT, route.controller.prototype[route.handler]) as Record<string, SchemaObject> | undefined;
    const operation = document.paths[route.path]?.[route.method as 'post'];
    if (!content || !operation) continue;
    operation.requestBody = { required: true, content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }])) };
  }
}
