import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { decodeCursor, encodeCursor, isStringKey } from '@linchpin/platform';
import { ResponseEvent, ResponseState, responseDecider } from '../domain/response.decider';
import { IncidentTriageNotedEvent } from '../domain/incident-triage.decider';
import { IncidentSlaEvent, IncidentSlaState, incidentSlaDecider } from '../domain/sla';
import { INCIDENT_SLA_STREAM_PREFIX, INCIDENT_TRIAGE_STREAM_PREFIX, RESPONSE_STREAM_PREFIX } from '../domain/streams';
import { escalationView } from './views';
import { incidentSlaView } from './sla.handlers';
import { IncidentFilters, IncidentListItem, IncidentPage, IncidentSeverity } from './incident-list.views';

interface Entry {
  state: ResponseState;
  /** When the response left `none`: the list's order. */
  openedAt?: string;
  triage?: { service: string | null; severity: IncidentSeverity };
  /** From the last `ResponsePriorityChanged`: a re-triage's severity wins over the first decision's. */
  severity?: IncidentSeverity;
  /** The incident's SLA clocks, folded from `incidentSla-<incidentId>` by their own decider: no read per item. */
  sla: IncidentSlaState;
}

type Key = [openedAt: string, incidentId: string];

/** Newest first; the same instant by id, so every incident has one place and a cursor one meaning. */
const order = (a: Key, b: Key): number => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0] < b[0] ? 1 : -1);
const keyOf = (item: IncidentListItem): Key => [item.openedAt, item.incidentId];
const isKey = (key: unknown[]): key is Key => isStringKey(2)(key) && !Number.isNaN(Date.parse(key[0]));

/** An item as of `now`: its SLA clocks' remaining and elapsed times are counted at the request, as the war room counts them. */
const itemOf = (entry: Entry, state: Exclude<ResponseState, { status: 'none' }>, now: Date): IncidentListItem => {
  const escalation = escalationView(state);
  const responders = new Map<string, string>();
  for (const page of state.pages) if (!responders.has(page.personId)) responders.set(page.personId, page.responder);
  return {
    incidentId: state.incidentId,
    title: state.title,
    priority: state.priority,
    severity: entry.severity ?? entry.triage?.severity ?? null,
    service: entry.triage?.service ?? null,
    status: state.status,
    team: state.team,
    teamId: state.teamId,
    openedAt: entry.openedAt!,
    pagedAt: state.pages[0]?.pagedAt ?? null,
    paged: state.paged,
    pagedReason: state.pagedReason,
    acknowledgedBy: state.acknowledgedBy,
    acknowledgedAt: state.acknowledgedAt,
    resolvedAt: state.resolvedAt,
    escalation: escalation && { level: escalation.level, repeat: escalation.repeat, levels: escalation.levels, exhausted: escalation.exhausted, nextDeadlineAt: escalation.nextDeadlineAt },
    responders: [...responders].map(([personId, name]) => ({ personId, name })),
    sla: entry.sla.status === 'started' ? incidentSlaView(entry.sla, now) : null,
  };
};

const matches =
  (filters: IncidentFilters) =>
  (item: IncidentListItem): boolean => {
    const team = filters.team?.trim().toLowerCase();
    return (
      (!filters.statuses?.length || filters.statuses.includes(item.status)) &&
      (!filters.priorities?.length || (item.priority !== null && filters.priorities.includes(item.priority))) &&
      (team === undefined || item.team.trim().toLowerCase() === team || item.teamId === team) &&
      (filters.service === undefined || item.service?.toLowerCase() === filters.service.trim().toLowerCase()) &&
      (filters.responder === undefined || item.responders.some((r) => r.personId === filters.responder!.toLowerCase())) &&
      (filters.openedFrom === undefined || Date.parse(item.openedAt) >= Date.parse(filters.openedFrom)) &&
      (filters.openedTo === undefined || Date.parse(item.openedAt) < Date.parse(filters.openedTo)) &&
      (filters.paged === undefined || item.paged === filters.paged)
    );
  };

/**
 * The incident list: each incident's response folded from its `response-` stream by the response
 * decider itself (so a status the lifecycle adds shows as it is), with the service and severity
 * from coordination's private `incidentTriage-` notes and the SLA clocks from its `incidentSla-`
 * stream (folded by the SLA clocks' decider, so a page of items needs no read of the store).
 * In memory, rebuilt from the log at start.
 */
@Injectable()
export class IncidentListProjection {
  private readonly entries = new Map<string, Entry>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [RESPONSE_STREAM_PREFIX, INCIDENT_TRIAGE_STREAM_PREFIX, INCIDENT_SLA_STREAM_PREFIX], (event) => this.apply(event));
  }

  /** The page of `filters` after `cursor`, as of `now` (the clocks' remaining times). */
  async page(filters: IncidentFilters, limit: number, cursor: string | undefined, now: Date): Promise<IncidentPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isKey);
    const all = (await this.items(now)).filter(matches(filters)).sort((a, b) => order(keyOf(a), keyOf(b)));
    const rest = after ? all.filter((item) => order(keyOf(item), after) > 0) : all;
    const items = rest.slice(0, limit);
    return { items, nextCursor: rest.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null };
  }

  /** What is open on a person: every unresolved incident they were paged for, newest first, as of `now`. */
  async openOn(personId: string, now: Date): Promise<IncidentListItem[]> {
    const unresolved = (await this.items(now)).filter((item) => item.status !== 'resolved' && item.responders.some((r) => r.personId === personId));
    return unresolved.sort((a, b) => order(keyOf(a), keyOf(b)));
  }

  /**
   * Unresolved incidents nobody has been reached for, now: what a restart must not make anyone forget. One merged
   * into another is left out, as openByPriority leaves it: its survivor's responders answer for it, and the
   * survivor is counted here if nobody was reached for it either.
   */
  async unpagedOpen(): Promise<number> {
    await this.feed.current();
    let count = 0;
    for (const { state } of this.entries.values()) {
      if (state.status !== 'none' && state.status !== 'resolved' && state.merge.mergedInto === null && !state.paged) count++;
    }
    return count;
  }

  /** Unresolved incidents standing on their own (not merged into another), by priority (`none` before triage gave one), now. */
  async openByPriority(): Promise<Map<string, number>> {
    await this.feed.current();
    const counts = new Map<string, number>();
    for (const { state } of this.entries.values()) {
      if (state.status === 'none' || state.status === 'resolved' || state.merge.mergedInto !== null) continue;
      const priority = state.priority ?? 'none';
      counts.set(priority, (counts.get(priority) ?? 0) + 1);
    }
    return counts;
  }

  private async items(now: Date): Promise<IncidentListItem[]> {
    await this.feed.current();
    return [...this.entries.values()].flatMap((entry) => (entry.state.status === 'none' ? [] : [itemOf(entry, entry.state, now)]));
  }

  private apply(event: RecordedEvent): void {
    if (event.streamId.startsWith(INCIDENT_SLA_STREAM_PREFIX)) {
      const entry = this.entry(event.streamId.slice(INCIDENT_SLA_STREAM_PREFIX.length));
      entry.sla = incidentSlaDecider.evolve(entry.sla, upcast(event) as IncidentSlaEvent);
      return;
    }
    if (event.streamId.startsWith(INCIDENT_TRIAGE_STREAM_PREFIX)) {
      const noted = upcast(event) as IncidentTriageNotedEvent;
      const entry = this.entry(noted.data.incidentId);
      entry.triage = { service: noted.data.service, severity: noted.data.severity };
      return;
    }
    const incidentId = event.streamId.slice(RESPONSE_STREAM_PREFIX.length);
    const entry = this.entry(incidentId);
    const stored = upcast(event) as ResponseEvent;
    const before = entry.state.status;
    entry.state = responseDecider.evolve(entry.state, stored);
    if (before === 'none' && entry.state.status !== 'none') entry.openedAt = stored.metadata.occurredAt;
    if (stored.type === 'ResponsePriorityChanged') entry.severity = stored.data.severity;
  }

  private entry(incidentId: string): Entry {
    let entry = this.entries.get(incidentId);
    if (!entry) this.entries.set(incidentId, (entry = { state: responseDecider.initialState, sla: incidentSlaDecider.initialState }));
    return entry;
  }
}
