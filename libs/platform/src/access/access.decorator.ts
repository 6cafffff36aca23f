import { SetMetadata } from '@nestjs/common';
import { Role } from './roles';

/**
 * What a route declares about who may call it, in one place: `@Access(role)` or `@Public(reason)`
 * on the handler or its controller class (the handler's wins). A route with neither makes the app
 * refuse to start (assertEveryRouteDeclared).
 */
export type AccessDeclaration =
  | { kind: 'role'; role: Role }
  | { kind: 'public'; reason: string }
  /** `/metrics`: public unless METRICS_TOKEN is set, then that token (or admin) is needed. */
  | { kind: 'metrics' };

export const ACCESS_METADATA = 'linchpin:access';

/** Callable with a bearer token holding `role` (or a higher ranked one; admin calls everything). */
export const Access = (role: Role): ClassDecorator & MethodDecorator => SetMetadata(ACCESS_METADATA, { kind: 'role', role } satisfies AccessDeclaration);

/** Callable without a token; `reason` says why (it is shown in the OpenAPI document). */
export const Public = (reason: string): ClassDecorator & MethodDecorator => {
  if (!reason.trim()) throw new Error('@Public needs a reason: say why the route needs no token');
  return SetMetadata(ACCESS_METADATA, { kind: 'public', reason } satisfies AccessDeclaration);
};

/** The platform's `/metrics` alone: public unless METRICS_TOKEN is set. */
export const MetricsAccess = (): MethodDecorator => SetMetadata(ACCESS_METADATA, { kind: 'metrics' } satisfies AccessDeclaration);

/** The handler's declaration, else its controller's. */
export function declarationOf(handler: object, controller: object): AccessDeclaration | undefined {
  return (Reflect.getMetadata(ACCESS_METADATA, handler) ?? Reflect.getMetadata(ACCESS_METADATA, controller)) as AccessDeclaration | undefined;
}

/** How a declaration reads in the OpenAPI document and the startup log. */
export function describeDeclaration(declaration: AccessDeclaration, metricsTokenSet: boolean): string {
  switch (declaration.kind) {
    case 'role':
      return declaration.role === 'sender' ? 'sender (or admin)' : declaration.role === 'admin' ? 'admin' : `${declaration.role} or higher`;
    case 'public':
      return `public: ${declaration.reason}`;
    case 'metrics':
      return metricsTokenSet ? 'the METRICS_TOKEN bearer token (or admin)' : 'public: Prometheus scrapes it (set METRICS_TOKEN to require a token)';
  }
}
