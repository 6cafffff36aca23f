import { eventually, RunningService, startKafka, startService, tempDir } from '@linchpin/testing';
import { Consumer, Kafka, Producer, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { getJson } from './support/http';

interface DeadLetter {
  group: string;
  reason: string;
  eventId: string;
}

/**
 * Every consumer checks an event against its contract (type, version, envelope, data) before
 * acting on it: a malformed IncidentDetected written onto detection's topic by some other producer
 * is dead-lettered by each consuming group with the failing field, and nothing is stored from it.
 */
describe('event validation: consumers dead-letter events that break their contract (real broker)', () => {
  const services = new Map<'triage' | 'review', RunningService>();
  let kafka: Kafka;
  let producer: Producer;
  let dlqReader: Consumer | undefined;
  let topicPrefix: string;

  beforeAll(async () => {
    const broker = await startKafka();
    const logDir = tempDir('e2e-validation');
    topicPrefix = `validation-${Date.now()}.`;
    for (const name of ['triage', 'review'] as const) {
      services.set(
        name,
        await startService(name, { KAFKA_BROKERS: broker.brokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix, SQLITE_PATH: `${logDir}/${name}.db` }, logDir),
      );
    }
    kafka = new Kafka({ clientId: 'e2e-validation', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await dlqReader?.disconnect();
    await producer?.disconnect();
    await Promise.all([...services.values()].map((s) => s.stop()));
  });

  const url = (name: 'triage' | 'review') => services.get(name)!.url;

  const incidentDetected = (incidentId: string, data: Record<string, unknown>, schemaVersion: unknown = 1) => ({
    id: randomUUID(),
    type: 'IncidentDetected',
    schemaVersion,
    data,
    metadata: {
      incidentId,
      correlationId: incidentId,
      causationId: randomUUID(),
      actor: 'system:detection',
      occurredAt: new Date().toISOString(),
    },
    streamId: `detection-${incidentId}`,
    revision: 0,
    position: 1,
    recordedAt: new Date().toISOString(),
  });
  const validData = (incidentId: string) => ({
    incidentId,
    title: 'Checkout error rate above 5%',
    severity: 'critical',
    source: 'prometheus',
    service: 'checkout',
    labels: { service: 'checkout' },
    alertId: randomUUID(),
    fingerprint: randomUUID(),
    firstSignalAt: new Date().toISOString(),
  });

  it('dead-letters an empty data, a wrong schemaVersion and a wrongly typed field in triage and review (both its groups), and stores nothing from them', async () => {
    const empty = randomUUID();
    const wrongVersion = randomUUID();
    const wrongType = randomUUID();
    const valid = randomUUID();
    const events = [
      incidentDetected(empty, {}),
      incidentDetected(wrongVersion, validData(wrongVersion), 7),
      incidentDetected(wrongType, { ...validData(wrongType), severity: 42 }),
      incidentDetected(valid, validData(valid)),
    ];
    // One key: one partition, so once the valid event (last) is handled, the three before it were too.
    await producer.send({
      topic: `${topicPrefix}linchpin.detection.events`,
      acks: -1,
      messages: events.map((event) => ({
        key: 'validation',
        value: JSON.stringify(event),
        headers: { ce_id: event.id, ce_type: event.type, ce_specversion: '1.0', 'content-type': 'application/json' },
      })),
    });

    await eventually('triage to queue the valid incident', async () => ((await getJson(`${url('triage')}/triage/incidents/${valid}`)).status === 200 ? true : undefined), 90_000);
    await eventually('review to record the valid incident', async () => ((await getJson(`${url('review')}/review/incidents/${valid}/timeline`)).status === 200 ? true : undefined), 90_000);

    for (const id of [empty, wrongVersion, wrongType]) {
      expect({ id, status: (await getJson(`${url('triage')}/triage/incidents/${id}`)).status }).toEqual({ id, status: 404 });
      expect({ id, status: (await getJson(`${url('review')}/review/incidents/${id}/timeline`)).status }).toEqual({ id, status: 404 });
    }
    // No `triage-undefined`: the queue holds the valid incident and nothing else.
    const queue = await getJson(`${url('triage')}/triage/queue?status=all&limit=100`);
    expect(queue.body.items.map((i: { incidentId: string }) => i.incidentId)).toEqual([valid]);

    const letters: DeadLetter[] = [];
    dlqReader = kafka.consumer({ groupId: `e2e-dlq-${randomUUID()}` });
    await dlqReader.connect();
    await dlqReader.subscribe({ topics: [`${topicPrefix}linchpin.detection.events.dlq`], fromBeginning: true });
    await dlqReader.run({
      eachMessage: async ({ message }) => {
        const header = (name: string) => message.headers?.[name]?.toString() ?? '';
        letters.push({ group: header('dlq_group'), reason: header('dlq_reason'), eventId: header('ce_id') });
      },
    });
    // Review reads detection's topic in two groups: its timeline's, and (issue 16) the changes' (review.changes).
    await eventually('nine dead letters (three events, three groups)', async () => (letters.length >= 9 ? true : undefined), 60_000);

    const reasonOf = (group: string, event: { id: string }) => letters.filter((l) => l.group === group && l.eventId === event.id).map((l) => l.reason);
    for (const group of ['triage', 'review', 'review.changes']) {
      expect(reasonOf(group, events[0])).toEqual([expect.stringMatching(/\/data\/incidentId/)]);
      expect(reasonOf(group, events[1])).toEqual([expect.stringMatching(/schemaVersion 7/)]);
      expect(reasonOf(group, events[2])).toEqual([expect.stringMatching(/\/data\/severity/)]);
      expect(reasonOf(group, events[3])).toEqual([]);
    }
    expect(letters).toHaveLength(9);
  });
});
