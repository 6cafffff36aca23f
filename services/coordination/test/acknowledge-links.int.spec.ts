import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { InProcessBus, ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { IncidentTriagedV1 } from '@linchpin/contracts';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { linkKeyOf, signLink, SignedLinks } from '@linchpin/platform';
import { asAdmin, TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';

/*
 * Issue 14: a page's acknowledge link. Comms builds it when it sends the page; coordination answers it
 * without a token: GET says what it would do and does nothing, POST acknowledges as the person paged.
 */

const START = '2030-03-01T09:00:00.000Z';
const DAY_MS = 24 * 3_600_000;
let position = 70_000;

const triaged = (incidentId: string, team: string): RecordedEvent => ({
  ...IncidentTriagedV1.create(
    newId(),
    {
      incidentId,
      priority: 'P1',
      impact: 1,
      urgency: 1,
      matrix: { id: 'default', version: 1 },
      route: { team, ruleId: 'checkout-to-payments', ruleVersion: 3 },
      title: 'Checkout error rate above 5%',
      rationale: ['impact 1 x urgency 1 = P1'],
    },
    { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:triage', occurredAt: START },
  ),
  streamId: `triage-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: START,
});

describe('acknowledge links (SQLite + in-process bus)', () => {
  let coordination: ServiceApp;
  let app: INestApplication;
  let bus: InProcessBus;
  let store: SqliteEventStore;
  const clock = new ManualClock(START);
  const anonymous = () => request(app.getHttpServer());
  /** The path of the link comms would send `personId` for `incidentId`, made now (this process shares comms' key: the same admin token). */
  const linkPath = (incidentId: string, personId: string, issuedAt = clock.now()) => new URL(app.get(SignedLinks).acknowledgeUrl(incidentId, personId, issuedAt)).pathname;

  /** A triggered incident of team Payments, alice paged: its id and alice's person id. */
  const pagedIncident = async (): Promise<{ incidentId: string; personId: string }> => {
    const incidentId = newId();
    const event = triaged(incidentId, 'payments');
    await bus.publish(topicOf('triage'), [{ key: incidentId, event }]);
    const incident = (await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${incidentId}`).expect(200)).body;
    expect(incident).toMatchObject({ status: 'triggered', pages: [{ responder: 'alice' }] });
    return { incidentId, personId: incident.pages[0].personId };
  };
  const acknowledgements = async (incidentId: string) => (await store.readStream(`response-${incidentId}`)).filter((e) => e.type === 'IncidentAcknowledged');

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock, env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' } });
    ({ app, bus, store } = coordination);
    await asAdmin(app.getHttpServer())
      .post('/coordination/teams')
      .send({ name: 'Payments', members: [{ name: 'alice', onCallOrder: 1, contact: { webhookUrl: 'http://127.0.0.1:9/alice' } }] })
      .expect(201);
  });

  afterAll(() => coordination.close());

  it('GET says what the link would do, without a token, and acknowledges nothing', async () => {
    const { incidentId, personId } = await pagedIncident();
    const path = linkPath(incidentId, personId);
    expect(path).toMatch(/^\/coordination\/links\/acknowledge\/[A-Za-z0-9_-]{96}$/);

    const preview = await anonymous().get(path).expect(200);
    expect(preview.body).toEqual({
      action: 'acknowledge',
      method: 'POST',
      incidentId,
      title: 'Checkout error rate above 5%',
      status: 'triggered',
      personId,
      person: 'alice',
      actor: `person:${personId}`,
      wouldAcknowledge: true,
      acknowledgedBy: null,
      expiresAt: new Date(Date.parse(START) + 7 * DAY_MS).toISOString(),
    });
    // A chat previewer fetching it twice changes nothing either.
    await anonymous().get(path).expect(200);
    expect(await acknowledgements(incidentId)).toHaveLength(0);
    expect((await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${incidentId}`)).body.status).toBe('triggered');
  });

  it('POST acknowledges as the person paged, on behalf of "acknowledge link"; a second POST is a 409 already_acknowledged', async () => {
    const { incidentId, personId } = await pagedIncident();
    const path = linkPath(incidentId, personId);

    const ack = await anonymous().post(path).expect(202);
    expect(ack.body.eventId).toMatch(/^[0-9a-f-]{36}$/);
    const [acknowledged] = await acknowledgements(incidentId);
    expect(acknowledged.id).toBe(ack.body.eventId);
    expect(acknowledged.data).toEqual({ incidentId, by: `person:${personId}` });
    expect(acknowledged.metadata).toMatchObject({ actor: `person:${personId}`, onBehalfOf: 'acknowledge link' });
    const incident = (await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${incidentId}`).expect(200)).body;
    expect(incident).toMatchObject({ status: 'acknowledged', acknowledgedBy: `person:${personId}` });

    const again = await anonymous().post(path).expect(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.code).toBe('already_acknowledged');
    expect(await acknowledgements(incidentId)).toHaveLength(1);

    const preview = await anonymous().get(path).expect(200);
    expect(preview.body).toMatchObject({ status: 'acknowledged', wouldAcknowledge: false, acknowledgedBy: `person:${personId}` });
  });

  it('refuses a forged, altered, malformed or wrongly keyed link with a 401 problem naming why, and acknowledges nothing', async () => {
    const { incidentId, personId } = await pagedIncident();
    const token = linkPath(incidentId, personId).split('/').pop()!;
    const expiresAt = new Date(clock.now().getTime() + DAY_MS);
    // The only change: the last character of the signature.
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const otherKey = signLink(linkKeyOf({ linkSecret: 'not-this-deployments-link-secret-0123456789', adminToken: TEST_ADMIN_TOKEN }), {
      purpose: 'ack',
      ids: [incidentId, personId],
      expiresAt,
    });
    const otherAdmin = signLink(linkKeyOf({ adminToken: 'lp_anotherDeploymentsAdminToken0000000000000' }), { purpose: 'ack', ids: [incidentId, personId], expiresAt });

    const cases: [string, string][] = [
      [altered, 'link_signature_invalid'],
      [otherKey, 'link_signature_invalid'],
      [otherAdmin, 'link_signature_invalid'],
      ['not-a-link', 'link_malformed'],
      [`${token.slice(0, 95)}+`, 'link_malformed'],
    ];
    for (const [forged, code] of cases) {
      for (const method of ['get', 'post'] as const) {
        const refused = await anonymous()[method](`/coordination/links/acknowledge/${encodeURIComponent(forged)}`).expect(401);
        expect(refused.headers['content-type']).toContain('application/problem+json');
        expect(refused.headers['www-authenticate']).toBe('SignedLink realm="linchpin"');
        expect(refused.body).toMatchObject({ type: 'urn:linchpin:problem:invalid-link', status: 401, code });
        // Nothing in the answer echoes the token (the instance's token is masked) or says what would have been valid.
        if (forged.length > 40) expect(JSON.stringify(refused.body)).not.toContain(forged.slice(10, 40));
        expect(refused.body.instance).toBe('/coordination/links/acknowledge/***');
        expect(JSON.stringify(refused.body)).not.toContain(incidentId);
      }
    }
    expect(await acknowledgements(incidentId)).toHaveLength(0);
  });

  it('refuses a link once it has expired (the service clock decides), with a 401 link_expired', async () => {
    const { incidentId, personId } = await pagedIncident();
    const path = linkPath(incidentId, personId);
    clock.advance(7 * DAY_MS - 1000);
    await anonymous().get(path).expect(200);

    clock.advance(1000);
    for (const method of ['get', 'post'] as const) {
      const expired = await anonymous()[method](path).expect(401);
      expect(expired.body).toMatchObject({ type: 'urn:linchpin:problem:invalid-link', code: 'link_expired' });
      expect(expired.body.detail).toContain('expired');
    }
    expect(await acknowledgements(incidentId)).toHaveLength(0);
  });

  it('answers 404 for a genuine link to an incident coordination does not know', async () => {
    const path = linkPath(newId(), newId());
    expect((await anonymous().get(path).expect(404)).body.type).toBe('urn:linchpin:problem:not-found');
    await anonymous().post(path).expect(404);
  });

  it('documents both operations as public, with the token parameter as the pipe checks it', async () => {
    const { body: document } = await asAdmin(app.getHttpServer()).get('/openapi.json').expect(200);
    const item = document.paths['/coordination/links/acknowledge/{token}'];
    for (const method of ['get', 'post']) {
      expect(item[method]['x-linchpin-access']).toMatchObject({ role: 'public' });
      expect(item[method].security).toEqual([]);
      expect(Object.keys(item[method].responses)).toEqual(expect.arrayContaining(['401', '404']));
      const token = item[method].parameters.find((p: { name: string }) => p.name === 'token');
      expect(token).toMatchObject({ in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{96}$', minLength: 96, maxLength: 96 } });
    }
    expect(Object.keys(item.get.responses)).toContain('200');
    expect(Object.keys(item.post.responses)).toEqual(expect.arrayContaining(['202', '409']));
  });
});
