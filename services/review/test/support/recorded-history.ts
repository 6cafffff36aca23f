import { EventEnvelope, InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import {
  AlertFiredV2,
  IncidentAcknowledgedV1,
  IncidentDetectedV1,
  IncidentMitigatedV1,
  IncidentResolvedV1,
  IncidentTriagedV3,
  ResponderPagedV3,
  ServiceRegisteredV1,
} from '@linchpin/contracts';

/**
 * A month of incidents as the other contexts publish them (issue 16 analytics, replay and rebuild tests): four
 * incidents over two ISO weeks, two catalogued services (one with business hours in Berlin, one without) and one
 * service the catalog does not know. Each event happened and was recorded at the time given.
 */
export const PEOPLE = { alice: newId(), bob: newId(), carol: newId() };

export interface HistoryIncident {
  incidentId: string;
  name: string;
  service: string;
  team: string;
  priority: 'P1' | 'P2' | 'P3';
  detectedAt: string;
}

let position = 0;
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

async function publish(bus: InProcessBus, context: string, event: EventEnvelope<string, unknown>, at: string, streamId: string): Promise<void> {
  const recorded: RecordedEvent = { ...event, metadata: { ...event.metadata, occurredAt: at }, streamId, revision: 0, position: ++position, recordedAt: at };
  await bus.publish(topicOf(context), [{ key: event.metadata.incidentId ?? streamId, event: recorded }]);
}

interface Plan {
  name: string;
  service: string;
  team: string;
  priority: 'P1' | 'P2' | 'P3';
  detectedAt: string;
  /** Seconds from detection: the signal's start (negative), acknowledgement, mitigation, resolution. */
  signal: number;
  ack?: number;
  mitigate?: number;
  resolve?: number;
  alerts: string[];
  pages: { person: keyof typeof PEOPLE; at: number }[];
}

export const PLANS: readonly Plan[] = [
  // Monday of 2026-W45, 10:00 UTC (11:00 in Berlin): in checkout's hours.
  { name: 'A', service: 'checkout', team: 'payments', priority: 'P1', detectedAt: '2026-11-02T10:00:00.000Z', signal: -60, ack: 120, mitigate: 600, resolve: 1200, alerts: ['prometheus', 'prometheus'], pages: [{ person: 'alice', at: 5 }] },
  // Tuesday 23:30 UTC, Wednesday 00:30 in Berlin: out of checkout's hours.
  { name: 'B', service: 'checkout', team: 'payments', priority: 'P2', detectedAt: '2026-11-03T23:30:00.000Z', signal: -30, ack: 300, resolve: 3600, alerts: ['grafana'], pages: [{ person: 'alice', at: 10 }, { person: 'bob', at: 300 }] },
  // Monday of 2026-W46, 14:00 UTC; search has no hours in the catalog: the default working week (UTC), in hours.
  { name: 'C', service: 'search', team: 'discovery', priority: 'P3', detectedAt: '2026-11-09T14:00:00.000Z', signal: -10, ack: 60, alerts: ['prometheus'], pages: [{ person: 'carol', at: 5 }] },
  // Saturday of 2026-W46; billing is not catalogued: the default working week, out of hours.
  { name: 'D', service: 'billing', team: 'payments', priority: 'P1', detectedAt: '2026-11-14T12:00:00.000Z', signal: -30, ack: 30, resolve: 90, alerts: ['pagerduty'], pages: [{ person: 'bob', at: 2 }] },
];

/** Publishes the catalog and every planned incident's events on the bus; resolves once review has handled them. */
export async function recordHistory(bus: InProcessBus): Promise<HistoryIncident[]> {
  const catalogMeta = () => ({ correlationId: newId(), causationId: newId(), actor: 'person:admin', occurredAt: '2026-10-01T00:00:00.000Z' });
  const checkout = { name: 'checkout', tier: 1, owningTeam: 'payments', businessHours: { timezone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[], start: '09:00', end: '18:00' }, dependsOn: ['search'], version: 1 };
  await publish(bus, 'triage', ServiceRegisteredV1.create(newId(), checkout, catalogMeta()), '2026-10-01T00:00:00.000Z', 'service-checkout');
  await publish(bus, 'triage', ServiceRegisteredV1.create(newId(), { name: 'search', tier: 2, owningTeam: 'discovery', dependsOn: [], version: 1 }, catalogMeta()), '2026-10-01T00:00:00.000Z', 'service-search');

  const incidents: HistoryIncident[] = [];
  for (const plan of PLANS) {
    const incidentId = newId();
    const at = (seconds: number) => plus(plan.detectedAt, seconds);
    const meta = (actor: string) => ({ incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt: plan.detectedAt });
    const stream = (context: string) => `${context}-${incidentId}`;
    const alertIds = plan.alerts.map(() => newId());
    for (const [i, source] of plan.alerts.entries()) {
      const fired = AlertFiredV2.create(newId(), { incidentId, alertId: alertIds[i], fingerprint: `fp-${plan.name}-${i}`, source, summary: `${plan.service} errors`, severity: 'critical', labels: { service: plan.service }, startsAt: at(plan.signal) }, meta(`integration:${source}`));
      await publish(bus, 'detection', fired, at(0), stream('alert'));
    }
    const detected = IncidentDetectedV1.create(newId(), { incidentId, title: `${plan.service} errors`, severity: 'critical', source: plan.alerts[0], labels: { service: plan.service }, alertId: alertIds[0], fingerprint: `fp-${plan.name}-0`, firstSignalAt: at(plan.signal) }, meta('system:detection'));
    await publish(bus, 'detection', detected, at(0), stream('detection'));
    const triaged = IncidentTriagedV3.create(
      newId(),
      { incidentId, priority: plan.priority, severity: 'SEV1', impact: 1, urgency: 1, matrix: { id: 'default', version: 1 }, route: { team: plan.team, ruleId: 'r', ruleVersion: 1 }, fallbackRoute: { team: 'operations' }, service: plan.service, title: `${plan.service} errors`, rationale: [] },
      meta('system:triage'),
    );
    await publish(bus, 'triage', triaged, at(1), stream('triage'));
    for (const page of plan.pages) {
      const paged = ResponderPagedV3.create(
        newId(),
        { incidentId, pageId: newId(), teamId: newId(), team: plan.team, personId: PEOPLE[page.person], responder: page.person, contactMethodId: newId(), contactKind: 'webhook', priority: plan.priority, title: 'x', escalationLevel: 1, reason: 'on call' },
        meta('system:coordination'),
      );
      await publish(bus, 'coordination', paged, at(page.at), stream('response'));
    }
    if (plan.ack !== undefined) await publish(bus, 'coordination', IncidentAcknowledgedV1.create(newId(), { incidentId, by: 'alice' }, meta('person:alice')), at(plan.ack), stream('response'));
    if (plan.mitigate !== undefined) await publish(bus, 'coordination', IncidentMitigatedV1.create(newId(), { incidentId, mitigatedAt: at(plan.mitigate), by: 'alice' }, meta('person:alice')), at(plan.mitigate), stream('response'));
    if (plan.resolve !== undefined) await publish(bus, 'coordination', IncidentResolvedV1.create(newId(), { incidentId, by: 'alice', resolution: 'fixed' }, meta('person:alice')), at(plan.resolve), stream('response'));
    incidents.push({ incidentId, name: plan.name, service: plan.service, team: plan.team, priority: plan.priority, detectedAt: plan.detectedAt });
  }
  if (bus.deadLetters.length > 0) throw new Error(`dead letters: ${JSON.stringify(bus.deadLetters.map((l) => l.reason))}`);
  return incidents;
}
