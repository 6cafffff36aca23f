import { TimelineEntry } from '../timeline';
import { incidentMetrics } from '../metrics/incident-metrics';
import { postmortemPrefill, priorityOf } from './postmortem-prefill';
import { ChangesKnown } from '../changes/changes-before';
import { KnownChange } from '../changes/known-change';

/* Issue 16 item 5: what a postmortem starts from is read from the incident's timeline entries, the metrics by review's own fold. */

const base = Date.parse('2026-04-01T08:00:00.000Z');
const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();
let n = 0;
const entry = (type: string, seconds: number, data: Record<string, unknown>, extra: Partial<TimelineEntry> = {}): TimelineEntry => ({
  eventId: `e-${++n}`,
  at: at(seconds),
  occurredAt: at(seconds),
  context: 'coordination',
  type,
  schemaVersion: 1,
  actor: 'system:x',
  summary: `${type} summary`,
  data,
  ...extra,
});

const entries = [
  entry('AlertFired', 0, { startsAt: at(-30), severity: 'critical' }),
  entry('IncidentDetected', 1, { title: 'Search is slow', service: 'search', firstSignalAt: at(-30) }),
  entry('IncidentTriaged', 2, { priority: 'P3', severity: 'SEV3', impact: 3, urgency: 2, route: { team: 'search' }, service: 'search', title: 'Search is slow' }),
  entry('NotificationDelivered', 3, {}),
  entry('ResponsePriorityChanged', 60, { priority: 'P2', severity: 'SEV2', previous: 'P3' }),
  entry('TimelineNoteAdded', 70, {}, { context: 'review', note: { noteId: 'n', kind: 'decision', text: 'Fail over to EU', about: null, correctedAt: null } }),
  entry('TimelineNoteAdded', 71, {}, { context: 'review', note: { noteId: 'm', kind: 'note', text: 'coffee', about: null, correctedAt: null } }),
  entry('StatusUpdatePosted', 80, { status: 'identified', message: 'Internal only', audience: 'internal', impact: 'minor' }, { schemaVersion: 2 }),
  entry('StatusUpdatePosted', 90, { status: 'monitoring', message: 'Search is back', audience: 'public', impact: 'major' }, { schemaVersion: 2 }),
  entry('IncidentResolved', 600, { by: 'bob', resolution: 'Failed over' }),
];

const change = (changeId: string, services: string[], seconds: number): KnownChange => ({
  changeId,
  sourceEventId: `s-${changeId}`,
  recordedAt: at(seconds),
  actor: 'integration:ci',
  services,
  integrationId: null,
  summary: `deploy ${changeId}`,
  timestamp: at(seconds),
  receivedAt: at(seconds),
  source: 'ci',
  customDetails: null,
  customDetailsTruncated: false,
  links: [],
});
const version = (name: string, dependsOn: string[]) => ({
  name,
  sourceEventId: `cat-${name}`,
  sourceRevision: 0,
  heardFrom: 'ServiceRegistered',
  occurredAt: at(-864_000),
  recordedAt: at(-864_000),
  fact: { kind: 'listed' as const, owningTeam: 'search', businessHours: null, dependsOn },
});
// Review's copies: search depends on index; a change to index within the day before, one before that, one to another service.
const known: ChangesKnown = {
  windowHours: 24,
  catalog: [version('search', ['index']), version('index', [])],
  changes: [change('inside', ['index'], -3600), change('too-old', ['index'], -90_000), change('unrelated', ['billing'], -60)],
};
const none: ChangesKnown = { windowHours: 24, catalog: [], changes: [] };

describe('a postmortem’s prefill (pure)', () => {
  it('reads the summary, the impact, an excerpt of the moments that shaped the response, and review’s metrics', () => {
    const prefill = postmortemPrefill(entries, new Date(at(3600)), none);
    expect(prefill.summary).toEqual({ title: 'Search is slow', service: 'search', priority: 'P2', severity: 'SEV2', team: 'search', alerts: 1, resolvedBy: 'bob', resolution: 'Failed over' });
    expect(prefill.impact).toEqual({ impact: 3, urgency: 2, service: 'search', lastPublicUpdate: { phase: 'monitoring', impact: 'major', message: 'Search is back', at: at(90) } });
    expect(prefill.timeline.map((e) => e.type)).toEqual(['AlertFired', 'IncidentDetected', 'IncidentTriaged', 'TimelineNoteAdded', 'StatusUpdatePosted', 'StatusUpdatePosted', 'IncidentResolved']);
    expect(prefill.metrics).toEqual({ definitions: 1, asOf: at(3600), ...incidentMetrics(entries, new Date(at(3600))) });
    expect(prefill.metrics.timeToResolve).toBe(599);
    expect(prefill.changesBeforeIncident).toEqual([]);
  });

  it('lists the changes to the impacted services and their dependencies in the window before the incident, as `changesBefore` chooses them', () => {
    const prefill = postmortemPrefill(entries, new Date(at(3600)), known);
    expect(prefill.changesWindowHours).toBe(24);
    expect(prefill.changesBeforeIncident.map((c) => [c.changeId, c.relation, c.via])).toEqual([['inside', 'dependency', ['search', 'index']]]);
    // As of a moment before the change was recorded, it was not known yet.
    expect(postmortemPrefill(entries, new Date(at(1)), { ...known, changes: [{ ...known.changes[0], recordedAt: at(2) }] }).changesBeforeIncident).toEqual([]);
  });

  it('as of a moment, counts only what had happened by then', () => {
    const early = postmortemPrefill(entries, new Date(at(30)), none);
    expect(early.summary).toMatchObject({ priority: 'P3', resolvedBy: null });
    expect(early.metrics.timeToResolve).toBeNull();
    expect(early.timeline.map((e) => e.type)).toEqual(['AlertFired', 'IncidentDetected', 'IncidentTriaged']);
    expect(priorityOf([])).toBeNull();
  });
});
