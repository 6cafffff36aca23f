import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { randomBytes } from 'crypto';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { FieldError, RequestValidationException, StoreCommandHandler, UnknownReferenceError, hashToken } from '@linchpin/platform';
import { ApiTokenIssuedEvent } from '@linchpin/contracts';
import { expiryProblem } from '../domain/api-token.decider';
import { teamIdOf } from '../domain/team.decider';
import { apiTokens, people, teams } from '../domain/streams';
import { ApiTokenListProjection } from './api-token-list.projection';
import { ApiTokenPage, ApiTokenView, GetApiTokenQuery, IssueApiTokenCommand, IssuedApiToken, ListApiTokensQuery, RevokeApiTokenCommand, apiTokenView } from './api-token.commands';

/** `lp_` and 32 random bytes in base64url (43 characters): opaque, and long enough that only its hash need be kept. */
const newToken = (): string => `lp_${randomBytes(32).toString('base64url')}`;
/** Enough to tell tokens apart in a list, useless to an attacker. */
const hintOf = (token: string): string => `lp_…${token.slice(-4)}`;

/**
 * Issue: the token is made here, hashed, and shown in the answer only; the decider and the store
 * see its hash and hint. The team and person are checked against coordination's own streams.
 */
@CommandHandler(IssueApiTokenCommand)
export class IssueApiTokenHandler extends StoreCommandHandler implements ICommandHandler<IssueApiTokenCommand> {
  async execute({ name, roles, team, personId, expiresAt, request }: IssueApiTokenCommand): Promise<IssuedApiToken> {
    const context = this.contextOf(request);
    const expiry = expiresAt === null ? null : new Date(expiresAt).toISOString();
    const expiryError = expiryProblem(expiry, context.occurredAt);
    if (expiryError) throw new RequestValidationException([{ field: 'expiresAt', reason: expiryError }]);
    // A team or person that is not there (or retired) is a state, not a bad request: 409 unknown_reference.
    const errors: FieldError[] = [];
    const teamName = team === null ? null : await this.teamNamed(team, errors);
    if (personId !== null) await this.mustBeActivePerson(personId, errors);
    if (errors.length > 0) throw new UnknownReferenceError(errors);

    const token = newToken();
    const tokenId = newId();
    const { events } = await apiTokens.handle(this.store, {
      type: 'IssueApiToken',
      tokenId,
      eventId: newId(),
      name: name.trim(),
      tokenHash: hashToken(token),
      hint: hintOf(token),
      roles,
      team: teamName,
      personId,
      expiresAt: expiry,
      by: context.actor,
      context,
    });
    const data = (events[0] as ApiTokenIssuedEvent).data;
    return { tokenId, token, hint: data.hint, name: data.name, roles: data.roles, team: data.team, personId: data.personId, expiresAt: data.expiresAt, issuedAt: context.occurredAt };
  }

  /** The team as coordination names it (team names are keys, compared case-insensitively), if it exists and is not retired. */
  private async teamNamed(team: string, errors: FieldError[]): Promise<string | null> {
    const state = await teams.load(this.store, { teamId: teamIdOf(team) });
    if (state.status === 'none') errors.push({ field: 'team', reason: `unknown team "${team}": create it first (POST /coordination/teams)` });
    else if (state.status === 'retired') errors.push({ field: 'team', reason: `team "${state.name}" is retired` });
    return state.status === 'none' ? null : state.name;
  }

  private async mustBeActivePerson(personId: string, errors: FieldError[]): Promise<void> {
    const state = await people.load(this.store, { personId });
    if (state.status === 'none') errors.push({ field: 'personId', reason: `no person ${personId}: register them first (POST /coordination/people)` });
    else if (state.status === 'retired') errors.push({ field: 'personId', reason: `person ${state.name} (${personId}) is retired` });
  }
}

@CommandHandler(RevokeApiTokenCommand)
export class RevokeApiTokenHandler extends StoreCommandHandler implements ICommandHandler<RevokeApiTokenCommand> {
  async execute({ tokenId, reason, request }: RevokeApiTokenCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    const context = this.contextOf(request);
    await apiTokens.handle(this.store, { type: 'RevokeApiToken', tokenId, eventId, reason, by: context.actor, context });
    return { eventId };
  }
}

@QueryHandler(GetApiTokenQuery)
export class GetApiTokenHandler implements IQueryHandler<GetApiTokenQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ tokenId }: GetApiTokenQuery): Promise<ApiTokenView> {
    const state = await apiTokens.load(this.store, { tokenId });
    if (state.status === 'none') throw new NotFoundError('api token', tokenId);
    return apiTokenView(state, this.clock.now());
  }
}

@QueryHandler(ListApiTokensQuery)
export class ListApiTokensHandler implements IQueryHandler<ListApiTokensQuery> {
  constructor(private readonly tokens: ApiTokenListProjection) {}

  execute({ limit, cursor }: ListApiTokensQuery): Promise<ApiTokenPage> {
    return this.tokens.page(limit, cursor);
  }
}

/** The API tokens feature's handlers and list: one line in the feature module. */
export const API_TOKEN_PROVIDERS = [IssueApiTokenHandler, RevokeApiTokenHandler, GetApiTokenHandler, ListApiTokensHandler, ApiTokenListProjection];
