import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { RequestValidationException } from '@linchpin/platform';
import { ApiTokenEvent, ApiTokenState, apiTokenDecider } from '../domain/api-token.decider';
import { API_TOKEN_STREAM_PREFIX } from '../domain/streams';
import { ApiTokenPage, ApiTokenView, apiTokenView } from './api-token.commands';

const encodeCursor = (view: ApiTokenView): string => Buffer.from(JSON.stringify([view.name, view.tokenId]), 'utf8').toString('base64url');
const decodeCursor = (cursor: string): [string, string] | undefined => {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string') ? (value as [string, string]) : undefined;
  } catch {
    return undefined;
  }
};
const byNameThenId = (a: Pick<ApiTokenView, 'name' | 'tokenId'>, b: Pick<ApiTokenView, 'name' | 'tokenId'>): number =>
  a.name.localeCompare(b.name) || a.tokenId.localeCompare(b.tokenId);

/**
 * API tokens by name then id, for the list endpoint: folded from the `apiToken-` streams (revoked
 * and expired ones included, with their status). Names need not be unique, so the cursor is the
 * last (name, id) of the previous page.
 */
@Injectable()
export class ApiTokenListProjection {
  private readonly tokens = new Map<string, ApiTokenState>();
  private readonly feed: ProjectionFeed;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.feed = new ProjectionFeed(store, [API_TOKEN_STREAM_PREFIX], (event) => {
      const id = event.streamId.slice(API_TOKEN_STREAM_PREFIX.length);
      this.tokens.set(id, apiTokenDecider.evolve(this.tokens.get(id) ?? apiTokenDecider.initialState, upcast(event) as ApiTokenEvent));
    });
  }

  async page(limit: number, cursor?: string): Promise<ApiTokenPage> {
    await this.feed.current();
    const now = this.clock.now();
    const all = [...this.tokens.values()].flatMap((t) => (t.status === 'none' ? [] : [apiTokenView(t, now)])).sort(byNameThenId);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !after) throw new RequestValidationException([{ field: 'cursor', reason: 'cursor must be the nextCursor of a previous page' }]);
    const rest = after ? all.filter((t) => byNameThenId(t, { name: after[0], tokenId: after[1] }) > 0) : all;
    const items = rest.slice(0, limit);
    return { items, nextCursor: rest.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }
}
