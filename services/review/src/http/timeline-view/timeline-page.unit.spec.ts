import { EntryView } from '../../application/queries';
import { IncidentMetricsView } from '../../application/metrics/incident-metrics.query';
import { phasesOf, renderTimelinePage } from './timeline-page.html';

const entry = (eventId: string, type: string, occurredAt: string): EntryView => ({ at: occurredAt, recordedAt: occurredAt, occurredAt, context: 'coordination', type, actor: 'user:bob', summary: type, eventId });

const metrics = (overrides: Partial<IncidentMetricsView>): IncidentMetricsView => ({
  incidentId: 'i',
  definitions: 1,
  asOf: '2026-03-03T10:00:00.000Z',
  timeToDetect: null,
  timeToAcknowledge: null,
  timeToMitigate: null,
  timeToResolve: null,
  mitigation: null,
  moments: { firstSignalAt: null, detectedAt: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null },
  reopens: 0,
  mergedInto: null,
  escalations: 0,
  responders: 0,
  pages: 0,
  updatesSent: { total: 0, byAudience: { responders: 0, internal: 0, public: 0 } },
  slaBreaches: 0,
  ...overrides,
});

describe('timeline.html: the phases from the metrics’ moments', () => {
  const entries = [
    entry('d', 'IncidentDetected', '2026-03-03T09:00:00.000Z'),
    entry('r1', 'IncidentResolved', '2026-03-03T09:10:00.000Z'),
    entry('o', 'IncidentReopened', '2026-03-03T09:12:00.000Z'),
    entry('r2', 'IncidentResolved', '2026-03-03T09:30:00.000Z'),
  ];

  it('with no mitigation recorded, marks Mitigated at the final resolution and says so; a phase not reached is not drawn', () => {
    const phases = phasesOf(
      metrics({
        timeToMitigate: 1800,
        timeToResolve: 1800,
        mitigation: 'resolution',
        moments: { firstSignalAt: null, detectedAt: '2026-03-03T09:00:00.000Z', acknowledgedAt: null, mitigatedAt: '2026-03-03T09:30:00.000Z', resolvedAt: '2026-03-03T09:30:00.000Z' },
      }),
      entries,
    );
    expect(phases.map((p) => [p.label, p.href])).toEqual([
      ['Detected', '#event-d'],
      ['Mitigated', '#event-r2'],
      ['Resolved', '#event-r2'],
    ]);
    expect(phases[0].title).toBe('Detected at 2026-03-03 09:00:00 UTC'); // no signal start known: no time to detect
    expect(phases[1].title).toBe('Mitigated at 2026-03-03 09:30:00 UTC, 30m after detection (no mitigation recorded: the resolution)');
  });

  it('draws a phase whose entry is not listed (filtered out) without a link', () => {
    const [detected] = phasesOf(metrics({ moments: { firstSignalAt: null, detectedAt: '2026-03-03T09:00:00.000Z', acknowledgedAt: null, mitigatedAt: null, resolvedAt: null } }), []);
    expect(detected).toEqual({ label: 'Detected', at: Date.parse('2026-03-03T09:00:00.000Z'), title: 'Detected at 2026-03-03 09:00:00 UTC' });
  });
});

describe('timeline.html: a change recorded before the incident', () => {
  const change = { ...entry('c', 'ChangeRecorded', '2026-03-03T07:00:00.000Z'), context: 'detection', summary: 'Deploy of checkout v42' };
  const detected = { ...entry('d', 'IncidentDetected', '2026-03-03T09:00:00.000Z'), context: 'detection' };
  const resolved = entry('r', 'IncidentResolved', '2026-03-03T09:30:00.000Z');
  const page = renderTimelinePage(
    { incidentId: 'i', entries: [change, detected, resolved] },
    metrics({
      timeToResolve: 1800,
      moments: { firstSignalAt: '2026-03-03T08:59:00.000Z', detectedAt: '2026-03-03T09:00:00.000Z', acknowledgedAt: null, mitigatedAt: null, resolvedAt: '2026-03-03T09:30:00.000Z' },
    }),
    ['detection', 'coordination'],
    '',
  );
  const phaseX = (label: string) => Number(new RegExp(`data-phase="${label}"><title>[^<]*</title><line x1="([\\d.]+)"`).exec(page)![1]);

  it('keeps the axis on the incident’s own span (first signal to last entry): the phases stay apart', () => {
    expect(phaseX('Resolved') - phaseX('Detected')).toBeGreaterThan(600);
  });

  it('pins the change at the start of the axis, marked before, its real time in the tooltip; its row still listed', () => {
    expect(page).toContain('<a class="mark before" href="#event-c"');
    expect(page).toContain('<title>2026-03-03 07:00:00 UTC · detection · Deploy of checkout v42 (before the incident: shown at the start of the axis)</title>');
    expect(page).toContain('<tr id="event-c">');
  });
});
