import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AccessDeniedException } from './access-errors';
import { AccessDeclaration, declarationOf } from './access.decorator';
import { Authenticator } from './authenticator';
import { ANONYMOUS_PRINCIPAL, Principal, RequestWithPrincipal } from './principal';
import { rolesAllow } from './roles';

interface GuardedRequest extends RequestWithPrincipal {
  headers: Record<string, string | string[] | undefined>;
}

/** A route without a declaration is refused at start; should one slip through, it needs admin (closed, not open). */
const UNDECLARED: AccessDeclaration = { kind: 'role', role: 'admin' };

/**
 * Authenticates and authorises every route by its declaration (`@Access` / `@Public`), and puts the
 * principal on the request for `requestContext`. Registered for every app by configureApp.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly metricsTokenSet: boolean,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const declaration = declarationOf(context.getHandler(), context.getClass()) ?? UNDECLARED;
    request.principal = await this.principalFor(declaration, request);
    return true;
  }

  private async principalFor(declaration: AccessDeclaration, request: GuardedRequest): Promise<Principal> {
    if (declaration.kind === 'public' || (declaration.kind === 'metrics' && !this.metricsTokenSet)) return ANONYMOUS_PRINCIPAL;
    const principal = await this.authenticator.authenticate(Authenticator.bearerOf(request.headers.authorization));
    if (declaration.kind === 'metrics') {
      if (principal.kind === 'metrics' || rolesAllow(principal.roles, 'admin')) return principal;
      throw new AccessDeniedException('insufficient_role', '/metrics needs the METRICS_TOKEN bearer token (or admin)');
    }
    if (!rolesAllow(principal.roles, declaration.role)) throw AccessDeniedException.role(declaration.role, principal.roles);
    return principal;
  }
}
