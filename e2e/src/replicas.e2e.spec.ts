import { dropPostgresSchema, eventually, postgresUnderTest, RunningService, startKafka, startService, tempDir, WebhookReceiver } from '@linchpin/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { CONTEXTS, Context } from './support/cluster';
import { getJson, postJson } from './support/http';

const REPLICAS = ['a', 'b'] as const;
type Replica = (typeof REPLICAS)[number];

/**
 * Two replicas of every service over one Kafka broker and one PostgreSQL server, each service in its own
 * schema shared by its replicas. Alerts go to both detection replicas; then one replica of each service
 * is killed with SIGKILL mid-flow while alerts keep coming to the survivor. At the end: every alert
 * answered 202 has one incident, every incident one page in coordination and one delivery id at the
 * receiver (a page in flight in the killed comms is sent again with the same id, never as another
 * page), and while both replicas ran each event reached its topic once: one relay published at a time.
 */
const postgresUrl = postgresUnderTest();
const describeOnPostgres = postgresUrl ? describe : describe.skip;

describeOnPostgres('replicas: two of every service on PostgreSQL, one of each killed mid-flow', () => {
  const receiver = new WebhookReceiver();
  const running = new Map<string, RunningService>();
  let kafka: Awaited<ReturnType<typeof startKafka>>;
  let receiverUrl: string;
  let topicPrefix: string;
  let run: string;

  const key = (name: Context, replica: Replica) => `${name}-${replica}`;
  const url = (name: Context, replica: Replica) => running.get(key(name, replica))!.url;

  beforeAll(async () => {
    kafka = await startKafka();
    receiverUrl = await receiver.start();
    const logDir = tempDir('e2e-replicas');
    run = `replicas${Date.now()}`;
    topicPrefix = `${run}.`;
    const env = (name: Context, replica: Replica): Record<string, string> => ({
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      POSTGRES_URL: postgresUrl!,
      POSTGRES_SCHEMA: `${run}_${name}`,
      // What each replica keeps on its own disk (review's read models) stays its own.
      LINCHPIN_DATA_DIR: `${logDir}/${key(name, replica)}`,
      OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8',
      COMMS_SIGNING_SECRET: 'replicas-signing-secret-0123456789',
    });
    // One replica of each first (its schema is created once), then the second beside it.
    for (const replica of REPLICAS) {
      await Promise.all(CONTEXTS.map(async (name) => running.set(key(name, replica), await startService(name, env(name, replica), logDir))));
    }
  });

  afterAll(async () => {
    await Promise.all([...running.values()].map((s) => s.stop()));
    await receiver.stop();
    await kafka?.stop();
    await Promise.all(CONTEXTS.map((name) => dropPostgresSchema(postgresUrl!, `${run}_${name}`)));
  });

  /** Every message on a topic of this run, read from the start: [messages, distinct event ids]. */
  const topicCounts = async (context: Context): Promise<[number, number]> => {
    const client = new Kafka({ brokers: kafka.brokers, clientId: 'replicas-e2e', logLevel: logLevel.NOTHING });
    const admin = client.admin();
    await admin.connect();
    const topic = `${topicPrefix}linchpin.${context}.events`;
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const total = offsets.reduce((n, o) => n + Number(o.high), 0);
    const consumer = client.consumer({ groupId: `replicas-e2e-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const ids = new Set<string>();
    let seen = 0;
    await new Promise<void>((resolve) => {
      if (total === 0) return resolve();
      void consumer.run({
        eachMessage: async ({ message }) => {
          ids.add(String(message.headers?.ce_id));
          if (++seen >= total) resolve();
        },
      });
    });
    await consumer.disconnect();
    return [seen, ids.size];
  };

  it('loses no alert, opens one incident per alert and sends one page per incident', async () => {
    const team = `sre-${randomUUID().slice(0, 8)}`;
    const created = await postJson(`${url('coordination', 'a')}/coordination/teams`, {
      name: team,
      members: [{ name: 'carol', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/pager/${team}` } }],
    });
    expect(created.status).toBe(201);
    const alert = (i: number) => ({ source: 'prometheus', summary: `Disk full on node ${i}`, severity: 'error', labels: { alertname: 'DiskFull', node: `node-${i}`, team } });
    const incidents = new Map<number, string>();
    let sent = 0;
    const post = async (i: number, replica: Replica) => {
      sent++;
      const r = await postJson(`${url('detection', replica)}/detection/alerts`, alert(i));
      expect(r.status).toBe(202);
      return r.body as { incidentId: string; deduplicated: boolean };
    };

    // Both replicas take alerts, and the same alert sent to both at once is one incident.
    for (let i = 0; i < 20; i++) incidents.set(i, (await post(i, REPLICAS[i % 2])).incidentId);
    const twice = await Promise.all([post(100, 'a'), post(100, 'b')]);
    expect(twice[0].incidentId).toBe(twice[1].incidentId);
    incidents.set(100, twice[0].incidentId);
    const firstIds = new Set(incidents.values());
    const firstPages = await eventually(
      'a page for each of the first incidents',
      async () => {
        const pages = receiver.on(`/pager/${team}`);
        return new Set(pages.map((w) => w.body.incidentId)).size === firstIds.size ? pages : undefined;
      },
      120_000,
    );
    // While both replicas of comms run, only one sends: each page arrived once. A second sender would
    // send within the same moments; the pause gives its copy time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(receiver.on(`/pager/${team}`)).toHaveLength(firstPages.length);
    expect(firstPages).toHaveLength(firstIds.size);

    // One relay per service published while both replicas ran: each event reached its topic once.
    for (const context of CONTEXTS) {
      const [messages, distinct] = await topicCounts(context);
      expect({ context, messages }).toEqual({ context, messages: distinct });
    }

    // Mid-flow: alerts still arriving at b while a of every service dies.
    const sending = (async () => {
      for (let i = 20; i < 40; i++) incidents.set(i, (await post(i, 'b')).incidentId);
    })();
    await Promise.all(CONTEXTS.map((name) => running.get(key(name, 'a'))!.kill()));
    await sending;
    for (let i = 0; i < 20; i++) expect(await post(i, 'b')).toMatchObject({ deduplicated: true, incidentId: incidents.get(i) });

    const ids = new Set(incidents.values());
    expect(ids.size).toBe(41);
    const received = await eventually(
      'a page for every incident',
      async () => {
        const pages = receiver.on(`/pager/${team}`);
        const paged = new Set(pages.map((w) => w.body.incidentId));
        return [...ids].every((id) => paged.has(id)) ? pages : undefined;
      },
      180_000,
    );
    const deliveryIds = new Map<string, Set<string>>();
    for (const page of received) {
      const id = String(page.headers['linchpin-delivery']);
      deliveryIds.set(page.body.incidentId, (deliveryIds.get(page.body.incidentId) ?? new Set()).add(id));
    }
    for (const id of ids) {
      expect({ id, deliveries: deliveryIds.get(id)?.size }).toEqual({ id, deliveries: 1 });
      const incident = await getJson(`${url('coordination', 'b')}/coordination/incidents/${id}`);
      expect({ id, pages: incident.body.pages.length }).toEqual({ id, pages: 1 });
    }
    const queue = await getJson(`${url('triage', 'b')}/triage/queue?team=${team}&status=all&limit=100`);
    expect(queue.body.items.map((i: { incidentId: string }) => i.incidentId).sort()).toEqual([...ids].sort());
    console.log(
      `replicas e2e: 10 processes, 5 SIGKILLs; ${sent} alerts sent, ${ids.size} incidents, ${received.length} page deliveries ` +
        `(${received.length - ids.size} resent with the same delivery id), duplicate incidents 0, duplicate pages 0`,
    );
  });
});
