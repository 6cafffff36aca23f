import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { decodeCursor, encodeCursor, isStringKey } from '@linchpin/platform';
import { ScheduleEvent, ScheduleState, scheduleDecider } from '../domain/schedule.decider';
import { SCHEDULE_STREAM_PREFIX } from '../domain/streams';
import { SchedulePage, ScheduleView, scheduleView } from './schedule.views';

const cursorOf = (view: ScheduleView): string => encodeCursor([view.name, view.scheduleId]);
const byNameThenId = (a: Pick<ScheduleView, 'name' | 'scheduleId'>, b: Pick<ScheduleView, 'name' | 'scheduleId'>): number =>
  a.name.localeCompare(b.name) || a.scheduleId.localeCompare(b.scheduleId);

/**
 * The active schedules by name, for the list endpoint: folded from the `schedule-` streams. Names
 * need not be unique, so the cursor is the last (name, id) of the previous page.
 */
@Injectable()
export class SchedulesProjection {
  private readonly schedules = new Map<string, ScheduleState>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [SCHEDULE_STREAM_PREFIX], (event) => {
      const id = event.streamId.slice(SCHEDULE_STREAM_PREFIX.length);
      this.schedules.set(id, scheduleDecider.evolve(this.schedules.get(id) ?? scheduleDecider.initialState, upcast(event) as ScheduleEvent));
    });
  }

  async page(limit: number, cursor?: string): Promise<SchedulePage> {
    await this.feed.current();
    const active = [...this.schedules.values()].flatMap((s) => (s.status === 'active' ? [scheduleView(s)] : [])).sort(byNameThenId);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isStringKey(2));
    const rest = after ? active.filter((s) => byNameThenId(s, { name: after[0], scheduleId: after[1] }) > 0) : active;
    const items = rest.slice(0, limit);
    return { items, nextCursor: rest.length > limit ? cursorOf(items[items.length - 1]) : null };
  }
}
