import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { decodeCursor, encodeCursor, isStringKey } from '@linchpin/platform';
import { TeamEvent, TeamState, teamDecider } from '../domain/team.decider';
import { TeamView, teamView } from './views';
import { TEAM_STREAM_PREFIX } from '../domain/streams';

/**
 * Teams by name, for the list endpoint: folded from the `team-` streams (retired teams included,
 * with their status). The cursor is the last name of the previous page (names are unique).
 */
@Injectable()
export class TeamsProjection {
  private readonly teams = new Map<string, TeamState>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [TEAM_STREAM_PREFIX], (event) => {
      const stored = upcast(event) as TeamEvent;
      const state = teamDecider.evolve(this.teams.get(stored.data.teamId) ?? teamDecider.initialState, stored);
      if (state.status !== 'none') this.teams.set(state.teamId, state);
    });
  }

  async page(limit: number, cursor?: string): Promise<{ items: TeamView[]; nextCursor: string | null }> {
    await this.feed.current();
    const sorted = [...this.teams.values()].flatMap((t) => (t.status === 'none' ? [] : [teamView(t)])).sort((a, b) => a.name.localeCompare(b.name));
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isStringKey(1))[0];
    const rest = after === undefined ? sorted : sorted.filter((t) => t.name.localeCompare(after) > 0);
    const items = rest.slice(0, limit);
    const more = rest.length > limit;
    return { items, nextCursor: more ? encodeCursor([items[items.length - 1].name]) : null };
  }
}
