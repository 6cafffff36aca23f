import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError } from '@linchpin/eventsourcing';
import { RequestValidationException } from '@linchpin/platform';
import { Shift, instantOf, shifts } from '../domain/schedule';
import { people } from '../domain/streams';
import { IncidentListProjection } from './incident-list.projection';
import { IncidentListItem } from './incident-list.views';
import { ScheduleView } from './schedule.views';
import { SchedulesProjection } from './schedules.projection';
import { TeamsProjection } from './teams.projection';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_ONCALL_RANGE_DAYS = 14;
/** As `GET …/schedules/{id}/shifts`: a quarter at most, so one answer stays small and quick. */
export const MAX_ONCALL_RANGE_DAYS = 93;

export type PersonShift = Omit<Shift, 'personId'>;

export interface PersonScheduleOnCall {
  scheduleId: string;
  name: string;
  timeZone: string;
  version: number;
  /** Their shift holding `from`, if they are on call then. */
  current: PersonShift | null;
  /** Their first shift starting after `from` and before `to`. */
  next: PersonShift | null;
  /** Every shift of theirs in [from, to), in order (a shift cut by the range keeps its true bounds). */
  shifts: PersonShift[];
}

export interface PersonOnCallView {
  personId: string;
  name: string;
  status: 'active' | 'retired';
  from: string;
  to: string;
  /** On call at `from` on at least one schedule. */
  onCallNow: boolean;
  /** The soonest shift start after `from`, before `to`, over every schedule; null when none. */
  nextOnCall: (PersonShift & { scheduleId: string; scheduleName: string }) | null;
  /** Every active schedule they take part in (a layer's participant or an override's person), by name. */
  schedules: PersonScheduleOnCall[];
  /** Every active team they belong to, by name. */
  teams: { teamId: string; name: string; onCallOrder: number }[];
  /** Unresolved incidents they were paged for, newest first, as the list's items (their SLA clocks counted now). */
  openIncidents: IncidentListItem[];
}

/** `from` absent: now; `to` absent: 14 days after `from`. */
export class PersonOnCallQuery extends Query<PersonOnCallView> {
  constructor(
    readonly personId: string,
    readonly from: string | undefined,
    readonly to: string | undefined,
  ) {
    super();
  }
}

const takesPart = (schedule: ScheduleView, personId: string): boolean =>
  schedule.layers.some((layer) => layer.participants.includes(personId)) || schedule.overrides.some((o) => o.personId === personId);

@QueryHandler(PersonOnCallQuery)
export class PersonOnCallHandler implements IQueryHandler<PersonOnCallQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly schedules: SchedulesProjection,
    private readonly teams: TeamsProjection,
    private readonly incidents: IncidentListProjection,
  ) {}

  async execute(query: PersonOnCallQuery): Promise<PersonOnCallView> {
    const from = query.from === undefined ? this.clock.now().getTime() : instantOf(query.from)!;
    const to = query.to === undefined ? from + DEFAULT_ONCALL_RANGE_DAYS * DAY_MS : instantOf(query.to)!;
    if (to <= from) throw new RequestValidationException([{ field: 'to', reason: 'to must be after from' }]);
    if (to - from > MAX_ONCALL_RANGE_DAYS * DAY_MS) throw new RequestValidationException([{ field: 'to', reason: `to must be at most ${MAX_ONCALL_RANGE_DAYS} days after from` }]);
    const person = await people.load(this.store, { personId: query.personId });
    if (person.status === 'none') throw new NotFoundError('person', query.personId);
    const { personId } = person;
    const [fromIso, toIso] = [new Date(from).toISOString(), new Date(to).toISOString()];

    const schedules = (await this.everything((limit, cursor) => this.schedules.page(limit, cursor)))
      .filter((s) => takesPart(s, personId))
      .map((s): PersonScheduleOnCall => {
        const theirs = shifts({ name: s.name, timeZone: s.timeZone, layers: s.layers, overrides: s.overrides, retiredAt: s.retiredAt }, fromIso, toIso)
          .filter((shift) => shift.personId === personId)
          .map(({ layer, overrideId, start, end }) => ({ layer, overrideId, start, end }));
        const current = theirs.find((shift) => Date.parse(shift.start) <= from && from < Date.parse(shift.end)) ?? null;
        const next = theirs.find((shift) => Date.parse(shift.start) > from) ?? null;
        return { scheduleId: s.scheduleId, name: s.name, timeZone: s.timeZone, version: s.version, current, next, shifts: theirs };
      });
    const soonest = schedules
      .flatMap((s) => (s.next ? [{ ...s.next, scheduleId: s.scheduleId, scheduleName: s.name }] : []))
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.scheduleId.localeCompare(b.scheduleId))[0];
    const teams = (await this.everything((limit, cursor) => this.teams.page(limit, cursor))).flatMap((team) => {
      const member = team.status === 'active' ? team.members.find((m) => m.personId === personId) : undefined;
      return member ? [{ teamId: team.teamId, name: team.name, onCallOrder: member.onCallOrder }] : [];
    });
    return {
      personId,
      name: person.name,
      status: person.status,
      from: fromIso,
      to: toIso,
      onCallNow: schedules.some((s) => s.current !== null),
      nextOnCall: soonest ?? null,
      schedules,
      teams,
      openIncidents: await this.incidents.openOn(personId, this.clock.now()),
    };
  }

  /** Every item of a cursor-paged read model. */
  private async everything<T>(page: (limit: number, cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    do {
      const next = await page(500, cursor);
      all.push(...next.items);
      cursor = next.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return all;
  }
}
