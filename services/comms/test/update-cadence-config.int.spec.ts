import { generateApiToken } from '@linchpin/platform';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';

/* Issue 15, item 5: the update cadence per priority is configuration, versioned like coordination's SLA targets. */

const BUILT_IN = { P1: 30, P2: 60, P3: 120, P4: null, P5: null };

describe('the update cadence routes (GET/PUT /comms/update-cadence, GET …/versions)', () => {
  const viewer = generateApiToken();
  const responder = generateApiToken();
  let comms: ServiceApp;

  beforeAll(async () => {
    comms = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, apiTokens: { [viewer]: { roles: ['viewer'] }, [responder]: { roles: ['responder'] } } });
  });

  afterAll(async () => {
    await comms.close();
  });

  it('a viewer reads the built-in version 1; only an admin publishes a new version, with its reason, listed after version 1', async () => {
    const current = await comms.httpAs(viewer).get('/comms/update-cadence').expect(200);
    expect(current.body).toEqual({ policyId: 'default', version: 1, cadence: BUILT_IN, builtIn: true, reason: null, versionedAt: null, versionedBy: null });

    const refused = await comms.httpAs(responder).put('/comms/update-cadence').send({ cadence: { ...BUILT_IN, P1: 15 } }).expect(403);
    expect(refused.body.code).toBe('insufficient_role');

    const changed = await comms.http().put('/comms/update-cadence').send({ cadence: { ...BUILT_IN, P1: 15 }, reason: 'customers asked', basedOnVersion: 1 }).expect(200);
    expect(changed.body).toMatchObject({ version: 2, cadence: { ...BUILT_IN, P1: 15 }, builtIn: false, reason: 'customers asked', versionedBy: 'admin', changed: true });

    const again = await comms.http().put('/comms/update-cadence').send({ cadence: { ...BUILT_IN, P1: 15 } }).expect(200);
    expect(again.body).toMatchObject({ version: 2, changed: false });

    const stale = await comms.http().put('/comms/update-cadence').send({ cadence: { ...BUILT_IN, P1: 20 }, basedOnVersion: 1 }).expect(409);
    expect(stale.body.code).toBe('update_cadence_stale');

    const versions = await comms.httpAs(viewer).get('/comms/update-cadence/versions').expect(200);
    expect(versions.body.items.map((v: { version: number; cadence: { P1: number } }) => [v.version, v.cadence.P1])).toEqual([
      [1, 30],
      [2, 15],
    ]);
  });

  it('minutes outside 5–1440, a missing priority or an unknown key is a 400 naming each field; nothing is published', async () => {
    const before = (await comms.http().get('/comms/update-cadence/versions').expect(200)).body.items.length;
    const bad = await comms.http().put('/comms/update-cadence').send({ cadence: { P1: 4, P2: 1441, P3: 60, P4: null, P7: 5 } }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cadence.P1', 'cadence.P2', 'cadence.P5', 'cadence.P7']);
    expect((await comms.http().get('/comms/update-cadence/versions').expect(200)).body.items).toHaveLength(before);
  });
});
