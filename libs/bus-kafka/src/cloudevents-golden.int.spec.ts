import { KafkaBroker, startKafka } from '@linchpin/testing';
import { KafkaBus } from './kafka-bus';
import { expectedHeaderBytes, goldenRecord, headerBytes } from './spec/golden-record';
import { readRaw } from './spec/raw-reader';
import { uniqueName } from './spec/test-events';

jest.setTimeout(120_000);

/** The golden record as it really lies on the broker after KafkaBus.publish, read with plain kafkajs. */
describe('CloudEvents Kafka record on a real broker, golden', () => {
  let broker: KafkaBroker;
  let bus: KafkaBus | undefined;

  beforeAll(async () => {
    broker = await startKafka();
  });
  afterAll(async () => {
    await bus?.close();
    await broker?.stop();
  });

  it('publishes the fixed event as exactly the golden key, value bytes and headers', async () => {
    const golden = goldenRecord();
    bus = new KafkaBus({ brokers: broker.brokers, clientId: uniqueName('client'), source: golden.source });
    const topic = uniqueName('golden');
    await bus.publish(topic, [{ key: golden.key, event: golden.event }]);

    const [raw] = await readRaw(broker.brokers, topic, 1);
    expect(raw.message.key).toEqual(Buffer.from(golden.record.key, 'utf8'));
    expect(raw.message.value).toEqual(Buffer.from(golden.record.valueBase64, 'base64'));
    expect(headerBytes(raw.message.headers ?? {})).toEqual(expectedHeaderBytes(golden));
  });
});
