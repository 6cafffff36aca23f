import { INestApplication } from '@nestjs/common';
import { nestRoutes } from '../nest-routes';
import { AccessDeclaration, declarationOf } from './access.decorator';

/** One registered route and what it declares (undefined: nothing, which stops the start). */
export interface RouteAccess {
  /** Upper-case: `GET`. */
  method: string;
  /** As the OpenAPI document writes it: `/coordination/incidents/{id}`. */
  path: string;
  /** `FooController.bar`, for the operator who must add the declaration. */
  handler: string;
  declaration: AccessDeclaration | undefined;
}

/** Every route of the app's controllers (each path of a route that has several), with its declaration. */
export function routeAccessOf(app: INestApplication): RouteAccess[] {
  return nestRoutes(app).map((route) => {
    const handler = (route.controller.prototype as Record<string, object>)[route.handler];
    return { method: route.method.toUpperCase(), path: route.path, handler: `${route.controller.name}.${route.handler}`, declaration: declarationOf(handler, route.controller) };
  });
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
