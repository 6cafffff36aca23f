import { Logger } from '@nestjs/common';
import { ApiTokenIssued, ApiTokenRevoked } from '@linchpin/contracts';
import { Clock, CommandContext, EventEnvelope, EventStore, MessageBus, ProjectionFeed, PublishedEvent, deterministicId, topicOf } from '@linchpin/eventsourcing';
import { BusReactor } from '../bus-reactor';
import { ApiTokenDirectory, ApiTokenRecord } from './api-token-directory';
import { ApiTokenKnown, ApiTokenRevocationKnown, KNOWN_API_TOKEN_STREAM_PREFIX, apiTokenCopies } from './api-token-copies';

/** The consumer group of a process's token projection: one per service (and one for the standalone). */
export const apiTokensGroupOf = (service: string): string => `${service}.api-tokens`;

/** Component name in the copies' deterministic ids (fixed forever: changing it breaks idempotency). */
const COPY = 'platform.api-tokens';

/**
 * The API tokens this process accepts, by hash (the `ApiTokenDirectory` a presented token is
 * checked against). Coordination publishes ApiTokenIssued/ApiTokenRevoked; this group records each
 * into the process's own store (`knownApiToken-<tokenId>`) and updates an in-memory index as it
 * does, so `find` is a map read on every request. The index is rebuilt from the store in
 * `onModuleInit`, before the group subscribes and before HTTP listens: a restarted process knows
 * every token it ever heard of before it answers a request. The group's catching up on what it
 * missed meanwhile is what readiness waits for (the bus reports it: see docs/architecture.md#readiness).
 */
export class ApiTokensProjection extends BusReactor implements ApiTokenDirectory {
  private readonly logger = new Logger('ApiTokens');
  private readonly byHash = new Map<string, ApiTokenRecord>();
  private readonly hashOf = new Map<string, string>();
  private readonly feed: ProjectionFeed;

  constructor(
    private readonly store: EventStore,
    bus: MessageBus,
    private readonly clock: Clock,
    private readonly service: string,
  ) {
    super(bus, apiTokensGroupOf(service), [topicOf('coordination')]);
    this.feed = new ProjectionFeed(store, [KNOWN_API_TOKEN_STREAM_PREFIX], (event) => this.apply(event));
  }

  find(tokenHash: string): ApiTokenRecord | undefined {
    return this.byHash.get(tokenHash);
  }

  override async onModuleInit(): Promise<void> {
    await this.feed.current();
    this.logger.debug(`${this.byHash.size} API token(s) known from the store`);
    await super.onModuleInit();
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const context: CommandContext = { actor: `system:${this.service}`, causationId: event.id, occurredAt: this.clock.now().toISOString() };
    const eventId = deterministicId(event.id, COPY);
    let recorded: EventEnvelope[];
    if (ApiTokenIssued.is(event)) {
      ({ events: recorded } = await apiTokenCopies.handle(this.store, { type: 'RecordIssuedToken', eventId, tokenId: event.data.tokenId, issued: event.data, context }));
    } else if (ApiTokenRevoked.is(event)) {
      // Revoked when coordination decided it, not when this process heard of it.
      const revokedAt = event.metadata.occurredAt;
      ({ events: recorded } = await apiTokenCopies.handle(this.store, { type: 'RecordRevokedToken', eventId, tokenId: event.data.tokenId, revokedAt, context }));
    } else {
      return;
    }
    // Before the handler returns (and the bus commits): a group caught up has every fact in the index.
    for (const fact of recorded) this.apply(fact);
  }

  /** Idempotent: the same fact applied by the rebuild and by `react` leaves one entry. */
  private apply(event: EventEnvelope): void {
    if (ApiTokenKnown.is(event)) {
      const { tokenId, name, tokenHash, roles, team, personId, expiresAt } = event.data;
      const revokedAt = this.byHash.get(tokenHash)?.revokedAt ?? null;
      this.byHash.set(tokenHash, { tokenId, name, roles: [...roles], team, personId, expiresAt, revokedAt });
      this.hashOf.set(tokenId, tokenHash);
    } else if (ApiTokenRevocationKnown.is(event)) {
      const hash = this.hashOf.get(event.data.tokenId);
      const record = hash === undefined ? undefined : this.byHash.get(hash);
      if (hash !== undefined && record) this.byHash.set(hash, { ...record, revokedAt: record.revokedAt ?? event.data.revokedAt });
    }
  }
}
