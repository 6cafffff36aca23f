import { INestApplication, PipeTransform, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';

/** A class, as decorators and `design:paramtypes` hold it. */
export type Class = abstract new (...args: never[]) => unknown;

/** A pipe as a handler's parameter decorator holds it: the class (`UuidParamPipe`) or an instance (`new ParseIntPipe(…)`). */
export type DeclaredPipe = Type<PipeTransform> | PipeTransform;

/** One Nest handler route, its path written as OpenAPI writes it (`/coordination/teams/{id}`). */
export interface NestRoute {
  /** Lower-case, as in an OpenAPI path item: `get`, `post`… */
  method: string;
  path: string;
  controller: Type<unknown>;
  handler: string;
  /** The pipes of each `@Param('<name>', …)` of the handler, by name. */
  pathParams: ReadonlyMap<string, readonly DeclaredPipe[]>;
  /** The pipes of each `@Query('<name>', …)` of the handler, by name. */
  queryParams: ReadonlyMap<string, readonly DeclaredPipe[]>;
  /** The class of a whole-query `@Query() query: SomeQueryDto`, if the handler takes one. */
  queryClass?: Class;
  /** The class of its `@Body() body: SomeDto`, if the handler takes one. */
  bodyClass?: Class;
}

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: DeclaredPipe[];
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [value === undefined ? '/' : String(value)]);

/** `/a/` + `:id/b` → `/a/{id}/b`: Nest's path syntax, as OpenAPI writes it. */
export function openApiPath(...segments: string[]): string {
  const joined = '/' + segments.map((s) => s.replace(/^\/+|\/+$/g, '')).filter((s) => s !== '').join('/');
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const argumentsOf = (controller: Type<unknown>, handler: string): [RouteParamtypes, RouteArgument][] =>
  Object.entries((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, RouteArgument>).map(([key, argument]) => [
    Number(key.split(':')[0]) as RouteParamtypes,
    argument,
  ]);

function namedParamsOf(controller: Type<unknown>, handler: string, type: RouteParamtypes): Map<string, DeclaredPipe[]> {
  const params = new Map<string, DeclaredPipe[]>();
  for (const [paramType, argument] of argumentsOf(controller, handler)) {
    if (paramType !== type || typeof argument.data !== 'string') continue;
    params.set(argument.data, [...(params.get(argument.data) ?? []), ...(argument.pipes ?? [])]);
  }
  return params;
}

/** The declared class of a `@Query()` or `@Body()` parameter that takes the whole of it (TypeScript's emitted metadata). */
function wholeClassOf(controller: Type<unknown>, handler: string, of: RouteParamtypes): Class | undefined {
  const whole = argumentsOf(controller, handler).find(([type, argument]) => type === of && argument.data === undefined);
  if (!whole) return undefined;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, handler) ?? []) as unknown[];
  const type = types[whole[1].index];
  return typeof type === 'function' && ![Object, String, Number, Boolean, Array].includes(type as never) ? (type as Class) : undefined;
}

/**
 * Every route of every controller the application holds, read from Nest's own metadata (what the
 * OpenAPI document is built from, too); a handler on several paths gives one route per path.
 */
export function nestRoutes(app: INestApplication): NestRoute[] {
  const routes: NestRoute[] = [];
  const seen = new Set<Type<unknown>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller));
      for (const handler of Object.getOwnPropertyNames(controller.prototype)) {
        const fn = Object.getOwnPropertyDescriptor(controller.prototype, handler)?.value as unknown;
        if (handler === 'constructor' || typeof fn !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (method === undefined || paths === undefined) continue;
        const pathParams = namedParamsOf(controller, handler, RouteParamtypes.PARAM);
        const queryParams = namedParamsOf(controller, handler, RouteParamtypes.QUERY);
        const queryClass = wholeClassOf(controller, handler, RouteParamtypes.QUERY);
        const bodyClass = wholeClassOf(controller, handler, RouteParamtypes.BODY);
        for (const prefix of prefixes) {
          for (const path of asList(paths)) {
            const route = { method: RequestMethod[method].toLowerCase(), path: openApiPath(prefix, path), controller, handler, pathParams, queryParams };
            routes.push({ ...route, ...(queryClass ? { queryClass } : {}), ...(bodyClass ? { bodyClass } : {}) });
          }
        }
      }
    }
  }
  return routes;
}
