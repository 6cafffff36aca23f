import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { TeamEvent, teamDecider } from '../domain/team.decider';
import { TeamView } from './views';
import { TEAM_STREAM_PREFIX } from '../domain/streams';

/**
 * Teams by name, for the list endpoint: folded from the `team-` streams. The cursor is the last
 * name of the previous page (names are unique).
 */
@Injectable()
export class TeamsProjection {
  private readonly teams = new Map<string, TeamView>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [TEAM_STREAM_PREFIX], (event) => {
      const state = teamDecider.evolve(teamDecider.initialState, upcast(event) as TeamEvent);
      if (state.status === 'active') this.teams.set(state.teamId, { teamId: state.teamId, name: state.name, members: state.members, autoResolve: state.autoResolve });
    });
  }

  async page(limit: number, cursor?: string): Promise<{ items: TeamView[]; nextCursor: string | null }> {
    await this.feed.current();
    const sorted = [...this.teams.values()].sort((a, b) => a.name.localeCompare(b.name));
    const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
    const rest = after === undefined ? sorted : sorted.filter((t) => t.name.localeCompare(after) > 0);
    const items = rest.slice(0, limit);
    const more = rest.length > limit;
    return { items, nextCursor: more ? Buffer.from(items[items.length - 1].name, 'utf8').toString('base64url') : null };
  }
}
