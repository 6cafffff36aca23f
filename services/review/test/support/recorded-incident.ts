import { EventEnvelope, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp } from '@linchpin/service-testing';
import { eventually } from '@linchpin/testing';
import {
  AlertFiredV2,
  EscalationLevelReachedV4,
  IncidentAcknowledgedV1,
  IncidentDetectedV1,
  IncidentMitigatedV1,
  IncidentResolvedV1,
  IncidentTriagedV3,
  ResponderPagedV3,
  StatusUpdatePostedV2,
} from '@linchpin/contracts';

/**
 * A realistic incident as its contexts publish it on the bus, for review's page tests: a signal 90 s before detection,
 * triage, a page at level 1 then 2, an acknowledgement at 345 s, status updates, a mitigation at 1200 s, the resolution
 * at 1800 s; then a responder's note with markup in it, through review's own route. Times count from `base`.
 */
export const INCIDENT_BASE = Date.parse('2026-03-03T09:00:00.000Z');
export const after = (seconds: number, base = INCIDENT_BASE) => new Date(base + seconds * 1000).toISOString();
export const NOTE_TEXT = 'We decided to fail over <script>alert("pwned")</script> & roll back';
export const TITLE = 'Checkout errors <b>5xx</b>';

let position = 500_000;

export interface RecordedIncident {
  incidentId: string;
  /** The source events' ids, by what they did (each is its timeline entry's `eventId`). */
  eventIds: { detected: string; triaged: string; acknowledged: string; mitigated: string; resolved: string };
  noteId: string;
  /** Entries on the timeline, the note included. */
  entries: number;
}

export async function recordIncident(review: ServiceApp, base = INCIDENT_BASE): Promise<RecordedIncident> {
  const at = (seconds: number) => after(seconds, base);
  const incidentId = newId();
  const publish = async (context: string, event: EventEnvelope<string, unknown>, seconds: number) => {
    const recorded: RecordedEvent = { ...event, metadata: { ...event.metadata, occurredAt: at(seconds) }, streamId: `${context}-${incidentId}`, revision: 0, position: ++position, recordedAt: at(seconds) };
    await review.bus.publish(topicOf(context), [{ key: incidentId, event: recorded }]);
    return event.id;
  };
  const meta = (actor = 'system:coordination') => ({ incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt: at(0) });
  const policy = { policyId: newId(), version: 1, name: 'payments' };
  const teamId = newId();
  const person = (name: string) => ({ personId: newId(), name, contactMethodId: newId(), contactKind: 'webhook' as const });
  const [alice, bob] = [person('alice'), person('bob')];
  const level = (n: number, who: typeof alice) =>
    EscalationLevelReachedV4.create(
      newId(),
      { incidentId, policy, level: n, repeat: 0, paged: [{ ...who, pageId: newId(), via: { kind: 'person', id: who.personId, reason: 'level target' } }], skipped: [], deadlineAt: at(300 * n), reason: 'policy', schedules: [], teams: [] },
      meta(),
    );
  const page = (who: typeof alice, escalationLevel: number) =>
    ResponderPagedV3.create(newId(), { incidentId, pageId: newId(), teamId, team: 'payments', personId: who.personId, responder: who.name, contactMethodId: who.contactMethodId, contactKind: who.contactKind, priority: 'P1', title: TITLE, escalationLevel, reason: 'policy' }, meta());
  const update = (audience: 'responders' | 'internal' | 'public', message: string) =>
    StatusUpdatePostedV2.create(newId(), { incidentId, updateId: newId(), audience, status: 'identified', message, impact: 'major', eta: null, template: null }, meta('token:comms'));
  const alertId = newId();

  await publish('detection', AlertFiredV2.create(newId(), { incidentId, alertId, fingerprint: 'fp-1', source: 'prometheus', summary: 'errors > 5%', severity: 'critical', labels: {}, startsAt: at(-90) }, meta('integration:prometheus')), 0);
  const detected = await publish('detection', IncidentDetectedV1.create(newId(), { incidentId, title: TITLE, severity: 'critical', source: 'prometheus', labels: {}, alertId, fingerprint: 'fp-1', firstSignalAt: at(-90) }, meta('system:detection')), 0);
  const triaged = await publish(
    'triage',
    IncidentTriagedV3.create(
      newId(),
      { incidentId, priority: 'P1', severity: 'SEV1', impact: 1, urgency: 1, matrix: { id: 'default', version: 1 }, route: { team: 'payments', ruleId: 'by-service', ruleVersion: 1 }, fallbackRoute: { team: 'operations' }, title: TITLE, rationale: ['impact 1 x urgency 1'] },
      meta('system:triage'),
    ),
    1,
  );
  await publish('coordination', level(1, alice), 2);
  await publish('coordination', page(alice, 1), 2);
  await publish('comms', update('responders', 'looking into checkout errors'), 60);
  await publish('coordination', level(2, bob), 302);
  await publish('coordination', page(bob, 2), 302);
  const acknowledged = await publish('coordination', IncidentAcknowledgedV1.create(newId(), { incidentId, by: 'bob' }, meta('user:bob')), 345);
  await publish('comms', update('public', 'A bad deploy; rolling back'), 700);
  const mitigated = await publish('coordination', IncidentMitigatedV1.create(newId(), { incidentId, mitigatedAt: at(1200), by: 'bob' }, meta('user:bob')), 1200);
  const resolved = await publish('coordination', IncidentResolvedV1.create(newId(), { incidentId, by: 'bob', resolution: 'rolled back' }, meta('user:bob')), 1800);
  const sources = 12;
  if (review.bus.deadLetters.length > 0) throw new Error(`dead letters: ${JSON.stringify(review.bus.deadLetters).slice(0, 500)}`);
  await eventually(`the ${sources} events on the timeline`, async () => ((await review.http().get(`/review/incidents/${incidentId}/timeline`)).body.entries?.length === sources ? true : undefined));

  // A scribe's decision, through review's own route (at the review clock's time).
  const note = await review.http().post(`/review/incidents/${incidentId}/notes`).send({ text: NOTE_TEXT, kind: 'decision', about: acknowledged }).expect(201);
  return { incidentId, eventIds: { detected, triaged, acknowledged, mitigated, resolved }, noteId: note.body.noteId, entries: sources + 1 };
}
