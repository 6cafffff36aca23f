import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAdmin, eventually } from '@linchpin/testing';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

jest.setTimeout(60_000);

/**
 * An alert rule on `increase(linchpin_incidents_unpaged_total[5m])` misses an incident whose increment came
 * just before a crash: the counter starts at 0 again. `linchpin_incidents_unpaged` is counted at each scrape
 * from the incidents themselves, so it still says so after the restart, until the incident is resolved.
 */
describe('standalone: the unpaged-incidents gauge holds across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-unpaged-gauge-'));
  const env = { SQLITE_PATH: join(dir, 'linchpin.db'), REVIEW_READ_MODELS_PATH: join(dir, 'review-read-models.sqlite') };
  let running: EmbeddedApp | undefined;

  afterAll(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const http = () => asAdmin(running!.app.getHttpServer());
  const metric = async (prefix: string): Promise<number> => {
    const { text } = await http().get('/metrics').expect(200);
    return text
      .split('\n')
      .filter((line) => line.startsWith(prefix))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  };
  const gauge = () => metric('linchpin_incidents_unpaged ');

  it('counts an unresolved incident nobody was paged for, after a restart too, and no longer once it is resolved', async () => {
    running = await startEmbedded('unpaged-gauge', env);
    expect(await gauge()).toBe(0);
    await http()
      .put('/triage/routing-rules')
      .send({ rules: [{ id: 'team-label', when: {}, route: { teamFromLabel: 'team' } }], defaultRoute: { team: 'nobody-home' }, reason: 'nobody to page' })
      .expect(200);
    const { body } = await http().post('/detection/alerts').send({ source: 'prometheus', summary: 'Queue stuck', severity: 'critical', labels: { service: 'queue', team: 'ghost' } }).expect(202);
    const incidentId = body.incidentId as string;
    await eventually('coordination found nobody to page', async () => ((await http().get(`/coordination/incidents/${incidentId}`)).body?.paged === false ? true : undefined), 20_000);
    expect(await gauge()).toBe(1);
    expect(await metric('linchpin_incidents_unpaged_total{')).toBe(1);

    await running.close();
    running = await startEmbedded('unpaged-gauge', env);
    expect(await metric('linchpin_incidents_unpaged_total{')).toBe(0);
    expect(await gauge()).toBe(1);

    await http().post(`/coordination/incidents/${incidentId}/resolve`).send({ by: 'ops' }).expect(202);
    await eventually('the resolved incident no longer counted', async () => ((await gauge()) === 0 ? true : undefined), 20_000);
  });

  it('counts two unpaged incidents once one is merged into the other: the survivor stands for both', async () => {
    const unpaged = async (summary: string) => {
      const { body } = await http().post('/detection/alerts').send({ source: 'prometheus', summary, severity: 'critical', labels: { service: summary, team: 'ghost' } }).expect(202);
      const incidentId = body.incidentId as string;
      await eventually('coordination found nobody to page', async () => ((await http().get(`/coordination/incidents/${incidentId}`)).body?.paged === false ? true : undefined), 20_000);
      return incidentId;
    };
    const survivor = await unpaged('disk-full');
    const merged = await unpaged('disk-slow');
    expect(await gauge()).toBe(2);

    await http().post(`/coordination/incidents/${merged}/merge`).send({ into: survivor, reason: 'same disk' }).expect(202);
    await eventually('the merged incident no longer counted', async () => ((await gauge()) === 1 ? true : undefined), 20_000);
  });
});
