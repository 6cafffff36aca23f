import { generateApiToken } from '@linchpin/platform';
import { InProcessBus, RecordedEvent, nameBasedId, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { eventually } from '@linchpin/testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';

/*
 * Team scoping on review's writes, as coordination and comms hold it: a token with a team and a role below
 * incident-manager writes notes, corrections and postmortems only for its team's incidents (403 `team_scope`,
 * nothing stored). The incident's team is the one review's own timeline knows (triage's route, or a reassignment).
 */

let position = 0;
const event = (incidentId: string, context: string, type: string, data: Record<string, unknown>, seconds: number): RecordedEvent => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data: { incidentId, ...data },
  metadata: { incidentId, correlationId: incidentId, causationId: newId(), actor: `system:${context}`, occurredAt: new Date(Date.parse('2026-02-01T10:00:00Z') + seconds * 1000).toISOString() },
  streamId: `${context}-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: new Date(Date.parse('2026-02-01T10:00:00Z') + seconds * 1000).toISOString(),
});

describe('team scoping of review’s writes (over HTTP)', () => {
  const other = generateApiToken();
  const payments = generateApiToken();
  const paymentsById = generateApiToken();
  const otherManager = generateApiToken();
  // The id coordination gives team Payments (`nameBasedId('team:' + lower-cased name)`): an OIDC claim may carry it.
  const teamIdOfPayments = nameBasedId('team:payments');
  let review: ServiceApp;
  let bus: InProcessBus;
  const publish = (context: string, e: RecordedEvent) => bus.publish(topicOf(context), [{ key: e.metadata.incidentId!, event: e }]);
  const entries = async (incidentId: string) => (await review.http().get(`/review/incidents/${incidentId}/timeline`)).body.entries?.length ?? 0;

  /** An incident review knows: detected, and (unless `routed` is false) triaged to team Payments. */
  async function incident(routed = true): Promise<string> {
    const incidentId = newId();
    await publish('detection', event(incidentId, 'detection', 'IncidentDetected', {
      title: 'Checkout errors', severity: 'critical', source: 'prometheus', labels: {}, alertId: newId(), fingerprint: 'fp', firstSignalAt: new Date(Date.parse('2026-02-01T10:00:00Z')).toISOString(),
    }, 0));
    if (routed) {
      await publish('triage', event(incidentId, 'triage', 'IncidentTriaged', {
        priority: 'P3', impact: 2, urgency: 2, matrix: { id: 'default', version: 1 }, route: { team: 'Payments', ruleId: 'r', ruleVersion: 1 }, title: 'Checkout errors', rationale: [],
      }, 2));
    }
    await eventually('review knows the incident', async () => ((await entries(incidentId)) === (routed ? 2 : 1) ? true : undefined));
    return incidentId;
  }

  beforeAll(async () => {
    review = await startServiceApp({
      service: REVIEW_SERVICE,
      module: ReviewModule,
      apiTokens: {
        [other]: { roles: ['responder'], team: 'other' },
        [payments]: { roles: ['responder'], team: 'payments' },
        [paymentsById]: { roles: ['responder'], team: teamIdOfPayments },
        [otherManager]: { roles: ['incident-manager'], team: 'other' },
      },
    });
    ({ bus } = review);
  });
  afterAll(() => review.close());

  const refused = async (response: Promise<{ status: number; body: { code?: string } }>) => {
    const { status, body } = await response;
    expect([status, body.code]).toEqual([403, 'team_scope']);
  };

  it('refuses another team’s responder on every write, storing nothing; the incident’s team (by name, any case, or id) writes', async () => {
    const incidentId = await incident();
    const notes = `/review/incidents/${incidentId}/notes`;
    const pm = (suffix = '') => `/review/incidents/${incidentId}/postmortem${suffix}`;

    await refused(review.httpAs(other).post(notes).send({ text: 'not my incident' }));
    const { noteId } = (await review.httpAs(payments).post(notes).send({ text: 'Rolling back' }).expect(201)).body;
    await review.httpAs(paymentsById).post(notes).send({ text: 'Watching' }).expect(201);
    await refused(review.httpAs(other).post(`${notes}/${noteId}/corrections`).send({ text: 'Rolled forward' }));

    await refused(review.httpAs(other).post(pm()));
    await review.httpAs(payments).post(pm()).expect(201);
    await refused(review.httpAs(other).put(pm('/sections/lessons')).send({ text: 'x' }));
    await refused(review.httpAs(other).post(pm('/action-items')).send({ title: 'x', owner: 'bob' }));
    const item = (await review.httpAs(payments).post(pm('/action-items')).send({ title: 'Canary', owner: 'alice' }).expect(201)).body;
    await refused(review.httpAs(other).patch(pm(`/action-items/${item.actionItemId}`)).send({ status: 'done' }));
    await refused(review.httpAs(other).post(pm('/review')));
    await review.httpAs(payments).post(pm('/review')).expect(200);
    await refused(review.httpAs(other).post(pm('/return-to-draft')).send({}));
    // An incident-manager acts on every incident, whatever its team.
    await review.httpAs(otherManager).post(pm('/publish')).expect(200);

    const stored = [...(await review.store.readStream(`timeline-${incidentId}`)), ...(await review.store.readStream(`postmortem-${incidentId}`))];
    expect(stored.filter((e) => e.metadata.actor === 'token:test-token-1')).toEqual([]);
    const postmortem = (await review.http().get(pm()).expect(200)).body;
    expect(postmortem).toMatchObject({ status: 'published', actionItems: [{ title: 'Canary', status: 'open' }] });
  });

  it('follows a reassignment to another team, and refuses a team-scoped token while review knows no team for the incident', async () => {
    const incidentId = await incident();
    await publish('coordination', event(incidentId, 'coordination', 'IncidentReassigned', { by: 'user:carol', to: { kind: 'team', id: newId(), name: 'Other' }, previousTeam: 'Payments' }, 10));
    await eventually('the reassignment on the timeline', async () => ((await entries(incidentId)) === 3 ? true : undefined));
    await review.httpAs(other).post(`/review/incidents/${incidentId}/notes`).send({ text: 'ours now' }).expect(201);
    await refused(review.httpAs(payments).post(`/review/incidents/${incidentId}/notes`).send({ text: 'still ours?' }));

    const unrouted = await incident(false);
    await refused(review.httpAs(payments).post(`/review/incidents/${unrouted}/notes`).send({ text: 'x' }));
    // An unknown incident stays a 404.
    await review.httpAs(other).post(`/review/incidents/${newId()}/notes`).send({ text: 'x' }).expect(404);
  });
});
