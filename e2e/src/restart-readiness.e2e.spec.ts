import { eventually, RunningService, startKafka, startService, tempDir, WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { getJson, postJson } from './support/http';
import { CONTEXTS, clusterEnv, Context } from './support/cluster';


interface ConsumerGroupHealth {
  group: string;
  status: 'up' | 'down';
  state: string;
  lag?: number;
}

/**
 * A service killed with SIGKILL leaves its dead member in its consumer groups until the broker's
 * session timeout evicts it; the restarted process cannot join before. It must serve HTTP anyway
 * (a sender's alert is stored and answered), say on /health/ready that its consumer is not in its
 * group yet, and catch up once it is: the alert taken in that window is paged, once.
 */
describe('restart: a killed service answers HTTP before its consumer group has rejoined', () => {
  const receiver = new WebhookReceiver();
  const services = new Map<Context, RunningService>();
  let kafka: Awaited<ReturnType<typeof startKafka>>;
  let receiverUrl: string;
  let logDir: string;
  let env: (name: Context) => Record<string, string>;

  beforeAll(async () => {
    kafka = await startKafka();
    receiverUrl = await receiver.start();
    logDir = tempDir('e2e-restart');
    env = clusterEnv({
      brokers: kafka.brokers,
      logDir,
      name: 'restart',
      extra: {
        // The window in which the dead member still holds the group: wide enough that the restarted
        // process is surely serving inside it on a loaded machine.
        KAFKA_SESSION_TIMEOUT_MS: '20000',
        COMMS_SIGNING_SECRET: 'restart-signing-secret-0123456789',
      },
    });
    await Promise.all(CONTEXTS.map(async (name) => services.set(name, await startService(name, env(name), logDir))));
  });

  afterAll(async () => {
    await Promise.all([...services.values()].map((s) => s.stop()));
    await receiver.stop();
    await kafka?.stop();
  });

  const url = (name: Context) => services.get(name)!.url;

  it('takes alerts while /health/ready says its group is joining, then becomes ready and pages the alert exactly once', async () => {
    const team = `sre-${randomUUID().slice(0, 8)}`;
    const created = await postJson(`${url('coordination')}/coordination/teams`, {
      name: team,
      members: [{ name: 'dana', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/pager/${team}` } }],
    });
    expect(created.status).toBe(201);
    const alert = (summary: string) => ({ source: 'prometheus', summary, severity: 'critical', labels: { alertname: summary, team } });

    // A first incident through the whole pipeline: detection's group is joined and has committed offsets.
    const before = await postJson(`${url('detection')}/detection/alerts`, alert('Before the kill'));
    expect(before.status).toBe(202);
    await eventually('the first page', async () => (receiver.on(`/pager/${team}`).length === 1 ? true : undefined), 60_000);

    const old = services.get('detection')!;
    await old.kill();
    const detection = await startService('detection', env('detection'), logDir, old.port, { until: 'live' });
    services.set('detection', detection);

    // Readiness is asked first: an answer that still names the group as joining proves HTTP came before the group.
    const notReady = await getJson(`${detection.url}/health/ready`);
    expect(notReady.status).toBe(503);
    const groups: ConsumerGroupHealth[] = notReady.body.checks.consumers.groups;
    expect(groups).toContainEqual(expect.objectContaining({ group: 'detection', status: 'down', state: 'joining' }));

    const during = await postJson(`${detection.url}/detection/alerts`, alert('While the group rejoins'));
    expect(during.status).toBe(202);
    expect((await getJson(`${detection.url}/health/live`)).status).toBe(200);

    const ready = await eventually(
      'detection ready once its group has rejoined and caught up',
      async () => {
        const r = await getJson(`${detection.url}/health/ready`);
        return r.status === 200 ? r : undefined;
      },
      120_000,
    );
    const readyGroups: ConsumerGroupHealth[] = ready.body.checks.consumers.groups;
    // Caught up once is what readiness waits for; the lag shown is live, and the alert taken while the group
    // rejoined keeps publishing (its pages, its people) to the topics the group follows, so it may be above 0 again.
    expect(readyGroups).toContainEqual(expect.objectContaining({ group: 'detection', status: 'up', state: 'caught-up' }));
    expect(readyGroups.every((g) => g.status === 'up')).toBe(true);

    const incidentId: string = during.body.incidentId;
    await eventually(
      'the page of the alert taken while the group rejoined',
      async () => (receiver.on(`/pager/${team}`).some((w) => w.body.incidentId === incidentId) ? true : undefined),
      120_000,
    );
    const response = await getJson(`${url('coordination')}/coordination/incidents/${incidentId}`);
    expect(response.body.pages).toHaveLength(1);
    expect(receiver.on(`/pager/${team}`).filter((w) => w.body.incidentId === incidentId)).toHaveLength(1);
  });
});
