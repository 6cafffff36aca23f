import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { decodeCursor, encodeCursor, isStringKey } from '@linchpin/platform';
import { PersonEvent, PersonState, personDecider } from '../domain/person.decider';
import { PersonView, personView } from './views';
import { PERSON_STREAM_PREFIX } from '../domain/streams';

/**
 * People by name then id, for the list endpoint: folded from the `person-` streams (retired people
 * included, with their status). Names are not unique, so the cursor is the last name and id.
 */
@Injectable()
export class PeopleProjection {
  private readonly people = new Map<string, PersonState>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [PERSON_STREAM_PREFIX], (event) => {
      const stored = upcast(event) as PersonEvent;
      const state = personDecider.evolve(this.people.get(stored.data.personId) ?? personDecider.initialState, stored);
      if (state.status !== 'none') this.people.set(state.personId, state);
    });
  }

  async page(limit: number, cursor?: string): Promise<{ items: PersonView[]; nextCursor: string | null }> {
    await this.feed.current();
    const sorted = [...this.people.values()].flatMap((p) => (p.status === 'none' ? [] : [personView(p)])).sort((a, b) => a.name.localeCompare(b.name) || a.personId.localeCompare(b.personId));
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isStringKey(2));
    const rest =
      after === undefined
        ? sorted
        : sorted.filter((p) => p.name.localeCompare(after[0]) > 0 || (p.name.localeCompare(after[0]) === 0 && p.personId.localeCompare(after[1]) > 0));
    const items = rest.slice(0, limit);
    const more = rest.length > limit;
    const last = items[items.length - 1];
    return { items, nextCursor: more ? encodeCursor([last.name, last.personId]) : null };
  }
}
