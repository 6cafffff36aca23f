import { INestApplication } from '@nestjs/common';
import { asAdmin, eventually } from '@linchpin/testing';
import { EventEnvelope, InProcessBus, ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import {
  AlertFiredV2,
  EscalationLevelReachedV4,
  IncidentAcknowledgedV1,
  IncidentDetectedV1,
  IncidentMitigatedV1,
  IncidentReopenedV1,
  IncidentResolvedV1,
  ResponderPagedV3,
  RespondersAddedV1,
  SlaBreachedV1,
  StatusUpdatePostedV1,
  StatusUpdatePostedV2,
} from '@linchpin/contracts';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';

const base = Date.parse('2026-03-03T09:00:00.000Z');
const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();
let position = 0;

describe('GET /review/incidents/{id}/metrics over HTTP (SQLite + in-process bus)', () => {
  let app: INestApplication;
  let bus: InProcessBus;
  let review: ServiceApp;
  const clock = new ManualClock(at(86_400));

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, clock });
    ({ app, bus } = review);
  });

  afterAll(() => review.close());

  /** A source event as its context publishes it on the bus: it happened, and was recorded, `seconds` after base. */
  const publish = async (context: string, event: EventEnvelope<string, unknown>, seconds: number) => {
    const recorded: RecordedEvent = { ...event, metadata: { ...event.metadata, occurredAt: at(seconds) }, streamId: `${context}-x`, revision: 0, position: ++position, recordedAt: at(seconds) };
    await bus.publish(topicOf(context), [{ key: event.metadata.incidentId!, event: recorded }]);
  };

  it('measures a real incident’s response from the events its contexts published, also as of a moment', async () => {
    const incidentId = newId();
    const meta = (actor = 'system:coordination') => ({ incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt: at(0) });
    const policy = { policyId: newId(), version: 1, name: 'payments' };
    const teamId = newId();
    const person = (name: string) => ({ personId: newId(), name, contactMethodId: newId(), contactKind: 'webhook' as const });
    const [alice, bob, carol] = [person('alice'), person('bob'), person('carol')];
    const level = (n: number, who: typeof alice) =>
      EscalationLevelReachedV4.create(
        newId(),
        { incidentId, policy, level: n, repeat: 0, paged: [{ ...who, pageId: newId(), via: { kind: 'person', id: who.personId, reason: 'level target' } }], skipped: [], deadlineAt: at(600), reason: 'r', schedules: [], teams: [] },
        meta(),
      );
    const page = (who: typeof alice, escalationLevel: number) =>
      ResponderPagedV3.create(newId(), { incidentId, pageId: newId(), teamId, team: 'payments', personId: who.personId, responder: who.name, contactMethodId: who.contactMethodId, contactKind: who.contactKind, priority: 'P1', title: 'Checkout errors', escalationLevel, reason: 'r' }, meta());
    const update = (audience: 'responders' | 'internal' | 'public') =>
      StatusUpdatePostedV2.create(newId(), { incidentId, updateId: newId(), audience, status: 'identified', message: 'bad deploy', impact: 'major', eta: null, template: null }, meta('token:comms'));
    const alertId = newId();

    // The signal started 90 s before detection opened the incident at 0.
    await publish('detection', AlertFiredV2.create(newId(), { incidentId, alertId, fingerprint: 'fp-1', source: 'prometheus', summary: 'errors > 5%', severity: 'critical', labels: {}, startsAt: at(-90) }, meta('integration:prometheus')), 0);
    await publish('detection', IncidentDetectedV1.create(newId(), { incidentId, title: 'Checkout errors', severity: 'critical', source: 'prometheus', labels: {}, alertId, fingerprint: 'fp-1', firstSignalAt: at(-90) }, meta('system:detection')), 0);
    await publish('coordination', level(1, alice), 2);
    await publish('coordination', page(alice, 1), 2);
    await publish('comms', update('responders'), 60);
    await publish('coordination', level(2, bob), 302);
    await publish('coordination', page(bob, 2), 302);
    await publish('coordination', IncidentAcknowledgedV1.create(newId(), { incidentId, by: 'bob' }, meta('user:bob')), 345);
    await publish('coordination', RespondersAddedV1.create(newId(), { incidentId, by: 'bob', responders: [{ personId: carol.personId, name: 'carol', pageId: newId() }] }, meta('user:bob')), 400);
    await publish('coordination', page(carol, 2), 400);
    await publish('coordination', SlaBreachedV1.create(newId(), { incidentId, target: 'mitigate', priority: 'P1', dueAt: at(900), breachedAt: at(900), slaVersion: 1 }, meta()), 900);
    await publish('comms', update('internal'), 950);
    await publish('coordination', IncidentMitigatedV1.create(newId(), { incidentId, mitigatedAt: at(1200), by: 'bob' }, meta('user:bob')), 1200);
    await publish('comms', StatusUpdatePostedV1.create(newId(), { incidentId, updateId: newId(), status: 'resolved', message: 'fixed' }, meta('token:comms')), 1500);
    await publish('coordination', IncidentResolvedV1.create(newId(), { incidentId, by: 'bob', resolution: 'rolled back' }, meta('user:bob')), 1800);
    await publish('coordination', IncidentReopenedV1.create(newId(), { incidentId, by: 'bob', reason: 'errors again', status: 'acknowledged', resolvedAt: at(1800), escalationRestarted: false }, meta('user:bob')), 2000);
    await publish('coordination', IncidentResolvedV1.create(newId(), { incidentId, by: 'bob', resolution: 'config reverted' }, meta('user:bob')), 2700);
    expect(bus.deadLetters).toEqual([]);

    const http = () => asAdmin(app.getHttpServer());
    const metrics = await eventually('all 17 events on the timeline', async () => {
      const timeline = (await http().get(`/review/incidents/${incidentId}/timeline`)).body;
      return timeline.entries?.length === 17 ? (await http().get(`/review/incidents/${incidentId}/metrics`).expect(200)).body : undefined;
    });
    expect(metrics).toEqual({
      incidentId,
      definitions: 1,
      asOf: at(86_400),
      timeToDetect: 90,
      timeToAcknowledge: 345,
      timeToMitigate: 1200,
      timeToResolve: 2700,
      mitigation: 'recorded',
      moments: { firstSignalAt: at(-90), detectedAt: at(0), acknowledgedAt: at(345), mitigatedAt: at(1200), resolvedAt: at(2700) },
      reopens: 1,
      mergedInto: null,
      escalations: 1,
      responders: 3,
      pages: 3,
      updatesSent: { total: 3, byAudience: { responders: 1, internal: 1, public: 1 } },
      slaBreaches: 1,
    });

    // Reopened, before the second resolution: no time to resolve; mitigation was recorded and stays.
    const reopened = (await http().get(`/review/incidents/${incidentId}/metrics`).query({ at: at(2000) }).expect(200)).body;
    expect(reopened).toMatchObject({ asOf: at(2000), timeToResolve: null, timeToMitigate: 1200, reopens: 1, moments: { resolvedAt: null } });

    // Between paging bob and his acknowledgement: detected, escalated once, not yet acknowledged.
    const paging = (await http().get(`/review/incidents/${incidentId}/metrics?at=${encodeURIComponent('2026-03-03T10:05:44+01:00')}`).expect(200)).body;
    expect(paging).toMatchObject({
      asOf: at(344),
      timeToDetect: 90,
      timeToAcknowledge: null,
      timeToMitigate: null,
      timeToResolve: null,
      mitigation: null,
      escalations: 1,
      responders: 2,
      pages: 2,
      updatesSent: { total: 1, byAudience: { responders: 1, internal: 0, public: 0 } },
      slaBreaches: 0,
    });
  });

  it('404s an unknown incident and 400s a bad `at`, naming it', async () => {
    const unknown = await asAdmin(app.getHttpServer()).get(`/review/incidents/${newId()}/metrics`).expect(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');

    const incidentId = newId();
    const meta = { incidentId, correlationId: incidentId, causationId: newId(), actor: 'user:alice', occurredAt: at(0) };
    await publish('coordination', IncidentAcknowledgedV1.create(newId(), { incidentId, by: 'alice' }, meta), 5);
    const known = await eventually('the incident known to review', async () => {
      const response = await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/metrics`);
      return response.status === 200 ? response.body : undefined;
    });
    // Review heard of the incident only from its acknowledgement: no detection, so no duration.
    expect(known).toMatchObject({ timeToDetect: null, timeToAcknowledge: null, moments: { acknowledgedAt: at(5), detectedAt: null } });

    for (const bad of ['yesterday', '2026-03-03T09:00:00', '2026-13-45T99:00:00Z', '2026-02-30T00:32:43Z', '2026-03-03T24:00:00Z']) {
      const response = await asAdmin(app.getHttpServer()).get(`/review/incidents/${incidentId}/metrics`).query({ at: bad }).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'at' })]);
    }
  });
});
