import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
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
    const keyOf = (p: PersonView) => `${p.name}\u0000${p.personId}`;
    const sorted = [...this.people.values()].flatMap((p) => (p.status === 'none' ? [] : [personView(p)])).sort((a, b) => a.name.localeCompare(b.name) || a.personId.localeCompare(b.personId));
    const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
    const [afterName, afterId] = after === undefined ? [] : after.split('\u0000');
    const rest =
      after === undefined ? sorted : sorted.filter((p) => p.name.localeCompare(afterName) > 0 || (p.name.localeCompare(afterName) === 0 && p.personId.localeCompare(afterId ?? '') > 0));
    const items = rest.slice(0, limit);
    const more = rest.length > limit;
    return { items, nextCursor: more ? Buffer.from(keyOf(items[items.length - 1]), 'utf8').toString('base64url') : null };
  }
}
