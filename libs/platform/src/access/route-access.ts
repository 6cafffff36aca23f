import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { AccessDeclaration, declarationOf } from './access.decorator';

/** One registered route and what it declares (undefined: nothing, which stops the start). */
export interface RouteAccess {
  method: string;
  /** As Nest registers it: `/coordination/incidents/:id`. */
  path: string;
  /** `FooController.bar`, for the operator who must add the declaration. */
  handler: string;
  declaration: AccessDeclaration | undefined;
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [value === undefined ? '' : String(value)]);
const joinPath = (...parts: string[]): string => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;

/** Every route of the app's controllers (each path of a route that has several), with its declaration. */
export function routeAccessOf(app: INestApplication): RouteAccess[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const routes: RouteAccess[] = [];
  const seen = new Set<unknown>();
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!controller || seen.has(controller)) continue;
    seen.add(controller);
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const declaration = declarationOf(handler, controller);
      for (const prefix of prefixes) {
        for (const path of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
          routes.push({ method: RequestMethod[method], path: joinPath(prefix, path), handler: `${controller.name}.${name}`, declaration });
        }
      }
    }
  }
  return routes;
}

/** A route without `@Access` or `@Public`: the app must not start open by omission. */
export class UndeclaredRoutesError extends Error {
  constructor(readonly routes: RouteAccess[]) {
    super(
      `${routes.length} route(s) declare no access: add @Access(role) or @Public(reason) (libs/platform/src/access) to ` +
        routes.map((r) => `${r.method} ${r.path} (${r.handler})`).join(', '),
    );
    this.name = 'UndeclaredRoutesError';
  }
}

export function assertEveryRouteDeclared(routes: readonly RouteAccess[]): void {
  const undeclared = routes.filter((r) => r.declaration === undefined);
  if (undeclared.length > 0) throw new UndeclaredRoutesError(undeclared);
}
