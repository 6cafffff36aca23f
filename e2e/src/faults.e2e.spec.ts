import { eventually, RunningService, startKafka, startService, tempDir, WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { getJson, postJson } from './support/http';
import { CONTEXTS, clusterEnv, Context } from './support/cluster';


/**
 * Processes killed mid-flow (SIGKILL, no shutdown hook) while alerts keep arriving: once they
 * are back, every incident has been triaged and paged exactly once, and nothing was lost.
 */
describe('faults: services killed mid-flow over a real Kafka broker', () => {
  const receiver = new WebhookReceiver();
  const services = new Map<Context, RunningService>();
  let kafka: Awaited<ReturnType<typeof startKafka>>;
  let receiverUrl: string;
  let logDir: string;
  let env: (name: Context) => Record<string, string>;

  beforeAll(async () => {
    kafka = await startKafka();
    receiverUrl = await receiver.start();
    logDir = tempDir('e2e-faults');
    env = clusterEnv({ brokers: kafka.brokers, logDir, name: 'faults', extra: { COMMS_SIGNING_SECRET: 'faults-signing-secret-0123456789' } });
    for (const name of CONTEXTS) services.set(name, await startService(name, env(name), logDir));
  });

  afterAll(async () => {
    await Promise.all([...services.values()].map((s) => s.stop()));
    await receiver.stop();
    await kafka?.stop();
  });

  const url = (name: Context) => services.get(name)!.url;
  const restart = async (name: Context) => {
    const old = services.get(name)!;
    services.set(name, await startService(name, env(name), logDir, old.port));
  };

  it('loses no incident and duplicates none when triage and coordination die and come back', async () => {
    const team = `sre-${randomUUID().slice(0, 8)}`;
    const created = await postJson(`${url('coordination')}/coordination/teams`, {
      name: team,
      members: [{ name: 'carol', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/pager/${team}` } }],
    });
    expect(created.status).toBe(201);

    const alert = (i: number) => ({
      source: 'prometheus',
      summary: `Disk full on node ${i}`,
      severity: 'error',
      labels: { alertname: 'DiskFull', node: `node-${i}`, team },
    });
    const post = async (i: number) => {
      const r = await postJson(`${url('detection')}/detection/alerts`, alert(i));
      expect(r.status).toBe(202);
      return r.body as { incidentId: string; deduplicated: boolean };
    };

    const incidents = new Set<string>();
    for (let i = 0; i < 10; i++) incidents.add((await post(i)).incidentId);
    await Promise.all([services.get('triage')!.kill(), services.get('coordination')!.kill()]);
    for (let i = 10; i < 30; i++) incidents.add((await post(i)).incidentId);
    await Promise.all([restart('triage'), restart('coordination')]);
    // The first ten again, while they still fire: no new incident.
    for (let i = 0; i < 10; i++) expect(await post(i)).toMatchObject({ deduplicated: true });
    expect(incidents.size).toBe(30);

    const pages = await eventually(
      'a page for every incident',
      async () => {
        const received = receiver.on(`/pager/${team}`);
        const paged = new Set(received.map((w) => w.body.incidentId));
        return [...incidents].every((id) => paged.has(id)) ? received : undefined;
      },
      120_000,
    );
    for (const id of incidents) {
      const response = await getJson(`${url('coordination')}/coordination/incidents/${id}`);
      expect(response.body.pages).toHaveLength(1);
    }
    expect(pages).toHaveLength(30);

    const queue = await getJson(`${url('triage')}/triage/queue?team=${team}&status=all&limit=100`);
    const queued: string[] = queue.body.items.map((i: { incidentId: string }) => i.incidentId);
    expect(new Set(queued)).toEqual(incidents);
    expect(queued).toHaveLength(30);
  });
});
