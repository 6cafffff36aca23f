import { IncidentAcknowledgedV1, IncidentReassignedV1, IncidentUnroutedV2 } from '@linchpin/contracts';
import { EventEnvelope, nameBasedId, newId, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { generateApiToken } from '@linchpin/platform';
import { ServiceApp, startServiceApp, TestApiToken } from '@linchpin/service-testing';
import { authorized } from '@linchpin/testing';
import request from 'supertest';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';
import { responderPaged } from './support/responder-paged';

/*
 * Issue 14, team scoping on comms' one responder route: a responder with a team posts stakeholder
 * updates only for its team's incidents (403 team_scope, nothing stored). Comms learns an incident's
 * team from coordination's page, IncidentUnrouted and reassignments, as coordination holds it.
 */

/** A team's id as coordination derives it from the name. */
const teamIdOf = (name: string) => nameBasedId(`team:${name.trim().toLowerCase()}`);

const fromCoordination = (event: EventEnvelope, revision: number): RecordedEvent => ({
  ...event,
  streamId: `response-${event.metadata.incidentId}`,
  revision,
  position: 0,
  recordedAt: new Date().toISOString(),
});
const metadataOf = (incidentId: string) => ({ incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:coordination', occurredAt: new Date().toISOString() });

const paged = (incidentId: string, team: string) => responderPaged({ incidentId, team, teamId: teamIdOf(team), webhookUrl: 'https://hooks.example.com/pager' });
const reassigned = (incidentId: string, from: string, to: string, revision: number) =>
  fromCoordination(
    IncidentReassignedV1.create(newId(), { incidentId, by: 'token:lead', to: { kind: 'team', id: teamIdOf(to), name: to }, previousTeam: from }, metadataOf(incidentId)),
    revision,
  );
const unrouted = (incidentId: string, team: string) =>
  fromCoordination(
    IncidentUnroutedV2.create(newId(), { incidentId, team, reason: `no team named ${team}`, cause: 'no-members', paged: false }, metadataOf(incidentId)),
    0,
  );
const acknowledged = (incidentId: string) => fromCoordination(IncidentAcknowledgedV1.create(newId(), { incidentId, by: 'token:alice' }, metadataOf(incidentId)), 1);

describe('team scoping of stakeholder updates (SQLite + in-process bus, real HTTP)', () => {
  let comms: ServiceApp;
  const tokens: Record<string, TestApiToken> = {};
  const token = (record: TestApiToken) => {
    const value = generateApiToken();
    tokens[value] = record;
    return value;
  };
  // Tokens keep the team's name, as `POST /coordination/api-tokens` stores it.
  const payments = token({ roles: ['responder'], team: 'payments', name: 'payments phone' });
  const search = token({ roles: ['responder'], team: 'search', name: 'search phone' });

  const hear = (...events: RecordedEvent[]) => comms.bus.publish(topicOf('coordination'), events.map((event) => ({ key: String(event.metadata.incidentId), event })));
  const open = async (team: string) => {
    const incidentId = newId();
    await hear(paged(incidentId, team));
    return incidentId;
  };
  const post = (as: string, incidentId: string) =>
    authorized(comms.app.getHttpServer(), as).post(`/comms/incidents/${incidentId}/updates`).send({ status: 'investigating', message: 'Looking into it' });
  const refused = async (call: request.Test) => {
    const answer = await call.expect(403);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body.code).toBe('team_scope');
    return answer.body.detail as string;
  };
  const posted = async (incidentId: string) => (await comms.store.readStream(`comms-${incidentId}`)).filter((e) => e.type === 'StatusUpdatePosted');

  beforeAll(async () => {
    comms = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, apiTokens: tokens });
  });
  afterAll(() => comms?.close());

  it("lets a responder of the incident's team post, and refuses another team's responder with team_scope naming both teams, storing nothing", async () => {
    const ours = await open('payments');
    const theirs = await open('search');

    await post(payments, ours).expect(202);
    expect(await posted(ours)).toHaveLength(1);

    const detail = await refused(post(payments, theirs));
    expect(detail).toBe('The token acts for team payments only; this incident belongs to team search');
    expect(await comms.store.readStream(`comms-${theirs}`)).toEqual([]);
    await post(search, theirs).expect(202);
  });

  it('follows the incident to the team it is reassigned to: the old team is refused, the new one accepted', async () => {
    const incidentId = await open('payments');
    await post(payments, incidentId).expect(202);

    const move = reassigned(incidentId, 'payments', 'search', 3);
    await hear(move);
    // Kept on comms' private stream, once per change: a redelivery records nothing.
    await hear(move);
    const known = await comms.store.readStream(`commsIncident-${incidentId}`);
    expect(known.map((e) => [e.type, (e.data as { team?: string }).team])).toEqual([
      ['IncidentKnownToComms', undefined],
      ['IncidentTeamKnownToComms', 'payments'],
      ['IncidentTeamKnownToComms', 'search'],
    ]);
    expect(known[2].metadata).toMatchObject({ incidentId, causationId: move.id, actor: 'system:comms' });
    await refused(post(payments, incidentId));
    await post(search, incidentId).expect(202);
    expect(await posted(incidentId)).toHaveLength(2);
    // A later page (the new team's escalation) does not move it back.
    await hear(responderPaged({ incidentId, team: 'payments', teamId: teamIdOf('payments'), webhookUrl: 'https://hooks.example.com/pager', revision: 4 }));
    await refused(post(payments, incidentId));
  });

  it("matches the team by its id too (an OIDC claim may carry it), and an unrouted incident's team by its name in any case", async () => {
    const incidentId = await open('search');
    await post(token({ roles: ['responder'], team: teamIdOf('search') }), incidentId).expect(202);

    const unroutedId = newId();
    await hear(unrouted(unroutedId, 'Billing'));
    await post(token({ roles: ['responder'], team: 'billing' }), unroutedId).expect(202);
    await refused(post(payments, unroutedId));
  });

  it("lets an incident-manager with a team, a responder without one and admin post on any team's incident", async () => {
    const incidentId = await open('search');
    await post(token({ roles: ['incident-manager'], team: 'payments' }), incidentId).expect(202);
    await post(token({ roles: ['responder'] }), incidentId).expect(202);
    await comms.http().post(`/comms/incidents/${incidentId}/updates`).send({ status: 'identified', message: 'Found it' }).expect(202);
    expect(await posted(incidentId)).toHaveLength(3);
  });

  it("refuses a team-scoped responder while comms does not know the incident's team (the check cannot pass), and lets the others post", async () => {
    const incidentId = newId();
    await hear(acknowledged(incidentId));
    expect(await refused(post(payments, incidentId))).toBe(
      "The token acts for team payments only; comms does not know this incident's team yet (it learns it from coordination's page): retry shortly, or ask an incident-manager",
    );
    expect(await comms.store.readStream(`comms-${incidentId}`)).toEqual([]);
    await post(token({ roles: ['incident-manager'], team: 'payments' }), incidentId).expect(202);
    await post(token({ roles: ['responder'] }), incidentId).expect(202);

    // Once the page arrives, the team's responder may post.
    await hear(paged(incidentId, 'payments'));
    await post(payments, incidentId).expect(202);
  });

  it('still answers 404 for an incident comms has not heard of, whoever asks', async () => {
    await post(payments, newId()).expect(404);
  });
});
