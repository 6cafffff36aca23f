import { eventually, WebhookReceiver } from '@linchpin/testing';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Cluster, startCluster } from './support/cluster';
import { AlertFlow, FlowUrls, seconds } from './support/fault-flow';
import { getJson } from './support/http';

/**
 * Issue 18, faults over the real (shared) broker that do not stop it: a consumer killed in the
 * middle of a batch, poison messages, SIGTERM mid-flow, and SIGKILL of detection while alerts keep
 * arriving. Each ends with every alert answered 202 paged exactly once, nothing lost or doubled,
 * and prints its counts on one line (`[fault] …`).
 */
describe('faults over the real broker: processes killed, stopped and fed poison', () => {
  const receiver = new WebhookReceiver();
  let cluster: Cluster;
  let receiverUrl: string;
  let urls: FlowUrls;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    cluster = await startCluster({
      name: 'process-faults',
      extra: {
        COMMS_SIGNING_SECRET: 'process-faults-signing-secret-0123',
        // The broker's least: a SIGKILLed member's successor joins its group after 6 s instead of 10 s.
        KAFKA_SESSION_TIMEOUT_MS: '6000',
      },
    });
    urls = {
      detection: () => cluster.url('detection'),
      triage: () => cluster.url('triage'),
      coordination: () => cluster.url('coordination'),
      review: () => cluster.url('review'),
    };
  });

  afterAll(async () => {
    await cluster?.stop();
    await receiver.stop();
  });

  const queued = async (flow: AlertFlow): Promise<number> => {
    const r = await getJson(`${cluster.url('triage')}/triage/queue?team=${flow.team}&status=all&limit=200`);
    return r.status === 200 ? r.body.items.length : 0;
  };

  it('a consumer killed in the middle of a batch: each incident is triaged and paged once after its restart', async () => {
    const test = 'consumer killed mid-batch';
    const flow = await AlertFlow.create('batch', urls, receiver, receiverUrl);
    const alerts = 60;
    // A backlog for triage: the alerts wait on detection's topic while it is down.
    await cluster.kill('triage');
    await flow.burst(0, alerts);
    await cluster.restart('triage', { until: 'live' });
    // Killed again once it has triaged part of the backlog (its group rejoins after the dead member's session).
    let triagedAtKill = 0;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(20)) {
      triagedAtKill = await queued(flow).catch(() => 0);
      if (triagedAtKill > 0) break;
    }
    await cluster.kill('triage');
    await cluster.restart('triage');

    const counts = await flow.verify(test, 2, { triagedAtKill });
    expect(counts.incidents).toBe(alerts);
  });

  it('poison messages go to the dead-letter topic with their reason, and the alerts after them still flow', async () => {
    const test = 'poison messages';
    const flow = await AlertFlow.create('poison', urls, receiver, receiverUrl);
    const kafka = new Kafka({ clientId: `e2e-poison-${randomUUID()}`, brokers: cluster.brokers, logLevel: logLevel.NOTHING });
    const producer: Producer = kafka.producer();
    let reader: Consumer | undefined;
    try {
      await producer.connect();
      await flow.burst(0, 5);

      const topic = `${cluster.topicPrefix}linchpin.detection.events`;
      const metadata = await kafka.admin();
      await metadata.connect();
      const partitions = (await metadata.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.map((p) => p.partitionId);
      await metadata.disconnect();
      // On every partition, ahead of the alerts that follow: a value that is not JSON, and a well-formed
      // envelope of IncidentDetected whose data breaks its contract.
      const undecodable = partitions.map((partition) => ({ id: `undecodable-${randomUUID()}`, partition }));
      const invalid = partitions.map((partition) => ({ id: randomUUID(), partition }));
      await producer.send({
        topic,
        acks: -1,
        messages: [
          ...undecodable.map(({ id, partition }) => ({
            partition,
            key: id,
            value: '{"id": "not json',
            headers: { ce_id: id, ce_type: 'IncidentDetected', ce_specversion: '1.0', 'content-type': 'application/json' },
          })),
          ...invalid.map(({ id, partition }) => {
            const incidentId = randomUUID();
            const event = {
              id,
              type: 'IncidentDetected',
              schemaVersion: 1,
              data: { incidentId, title: 'poison' },
              metadata: { incidentId, correlationId: incidentId, causationId: randomUUID(), actor: 'system:detection', occurredAt: new Date().toISOString() },
              streamId: `detection-${incidentId}`,
              revision: 0,
              position: 1,
              recordedAt: new Date().toISOString(),
            };
            return {
              partition,
              key: incidentId,
              value: JSON.stringify(event),
              headers: { ce_id: id, ce_type: 'IncidentDetected', ce_specversion: '1.0', 'content-type': 'application/json' },
            };
          }),
        ],
      });
      await flow.burst(5, 20);

      const letters: { group: string; reason: string; id: string }[] = [];
      reader = kafka.consumer({ groupId: `e2e-dlq-${randomUUID()}` });
      await reader.connect();
      await reader.subscribe({ topics: [`${topic}.dlq`], fromBeginning: true });
      await reader.run({
        eachMessage: async ({ message }) => {
          const header = (name: string) => message.headers?.[name]?.toString() ?? '';
          letters.push({ group: header('dlq_group'), reason: header('dlq_reason'), id: header('ce_id') });
        },
      });
      const poison = new Set([...undecodable, ...invalid].map((p) => p.id));
      const ours = () => letters.filter((l) => poison.has(l.id));
      // Every group that reads detection's topic dead-letters each poison message.
      const groups = ['detection', 'triage', 'coordination.auto-resolve', 'comms.status-page', 'review', 'review.changes'];
      await eventually(
        'each poison message dead-lettered by each group reading the topic',
        async () => (groups.every((g) => poison.size === new Set(ours().filter((l) => l.group === g).map((l) => l.id)).size) ? true : undefined),
        120_000,
      );
      for (const group of groups) {
        const reasons = (ids: { id: string }[]) => ours().filter((l) => l.group === group && ids.some((p) => p.id === l.id)).map((l) => l.reason);
        expect(reasons(undecodable)).toEqual(undecodable.map(() => expect.stringMatching(/value is not JSON/)));
        expect(reasons(invalid)).toEqual(invalid.map(() => expect.stringMatching(/breaks its contract.*\/data/)));
      }

      await flow.verify(test, poison.size, { deadLetters: ours().length, groups: new Set(ours().map((l) => l.group)).size });
    } finally {
      await reader?.disconnect();
      await producer.disconnect();
    }
  });

  it('SIGTERM mid-flow: detection answers what it took and publishes it before it exits; triage finishes its batch and leaves its group; nothing lost or doubled', async () => {
    const test = 'SIGTERM mid-flow';
    const flow = await AlertFlow.create('sigterm', urls, receiver, receiverUrl);

    // Detection stopped gracefully while a sender posts: every alert it answered 202 is published before
    // it exits, so each is paged without detection coming back.
    let sending = true;
    let next = 0;
    const sender = (async () => {
      // A refused alert is sent again (Alertmanager does) until the sender stops.
      while (sending) {
        if ((await flow.send(next)).kind === 'accepted') next++;
        await sleep(10);
      }
    })();
    try {
      await eventually('a few alerts taken', async () => (flow.accepted.size >= 10 ? true : undefined), 60_000);
      await cluster.terminate('detection');
    } finally {
      // Also when a step failed: a sender left running keeps Jest from ever exiting.
      sending = false;
      await sender;
    }
    const acceptedBeforeExit = flow.accepted.size;
    try {
      await eventually(
        'a page for every alert detection answered before it exited, with detection still down',
        async () => {
          const paged = new Set(flow.pages());
          return [...flow.incidents].every((id) => paged.has(id)) ? true : undefined;
        },
        120_000,
      );
    } finally {
      // The next test needs detection: failing here must not fail it too.
      await cluster.restart('detection');
    }

    // Triage stopped gracefully while it works through a backlog (built while it was stopped, gracefully too):
    // it finishes the message in hand, commits and leaves its group, so its successor joins without waiting
    // out a dead member's session.
    await cluster.terminate('triage');
    const from = next + 1;
    await flow.burst(from, from + 40);
    await cluster.restart('triage', { until: 'live' });
    let triagedAtStop = 0;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(20)) {
      triagedAtStop = await queued(flow).catch(() => 0);
      if (triagedAtStop > acceptedBeforeExit) break;
    }
    await cluster.terminate('triage');
    const restartedAt = Date.now();
    await cluster.restart('triage');
    const readyAfterMs = Date.now() - restartedAt;

    await flow.verify(test, 3, { refused: flow.refused, acceptedBeforeExit, triagedAtStop, triageReadySeconds: seconds(readyAfterMs) });
  });

  it('SIGKILL of detection while alerts keep arriving: accepted again within seconds of its start, no accepted alert lost', async () => {
    const test = 'SIGKILL of detection under load';
    const flow = await AlertFlow.create('sigkill', urls, receiver, receiverUrl);
    let sending = true;
    let killStartedAt = 0;
    let killedAt = 0;
    let firstAcceptedAfterKill = 0;
    const sender = (async () => {
      // Alertmanager resends an alert it could not deliver: so does this sender, until it is taken.
      for (let i = 0; sending; i++) {
        while (sending) {
          const sentAt = Date.now();
          const outcome = await flow.send(i);
          if (outcome.kind === 'accepted') {
            if (killedAt && sentAt >= killedAt) firstAcceptedAfterKill ||= Date.now();
            break;
          }
          await sleep(50);
        }
        await sleep(20);
      }
    })();
    let acceptedAtKill = 0;
    let startedAt = 0;
    try {
      await eventually('a few alerts taken', async () => (flow.accepted.size >= 10 ? true : undefined), 60_000);
      acceptedAtKill = flow.accepted.size;
      killStartedAt = Date.now();
      await cluster.kill('detection');
      killedAt = Date.now();
      startedAt = Date.now();
      await cluster.restart('detection', { until: 'live' });
      await eventually('an alert taken again', async () => (firstAcceptedAfterKill ? true : undefined), 60_000);
      await eventually('twenty more alerts taken', async () => (flow.accepted.size >= acceptedAtKill + 20 ? true : undefined), 60_000);
    } finally {
      sending = false;
      await sender;
    }

    await flow.verify(test, 1, {
      refused: flow.refused,
      secondsWithoutService: seconds(firstAcceptedAfterKill - killStartedAt),
      secondsFromStartToAccepted: seconds(firstAcceptedAfterKill - startedAt),
    });
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
