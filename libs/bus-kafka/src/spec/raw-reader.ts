import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { uniqueName, waitFor } from './test-events';

export interface RawRecord {
  partition: number;
  message: KafkaMessage;
}

/** Reads a topic with plain kafkajs, bypassing the bus, to see what is really on the wire. */
export async function readRaw(brokers: string[], topic: string, count: number, timeoutMs = 60_000): Promise<RawRecord[]> {
  const kafka = new Kafka({ clientId: 'raw-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('raw'), maxWaitTimeInMs: 50 });
  const records: RawRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void records.push({ partition, message }) });
    await waitFor(() => records.length >= count, timeoutMs, `${count} raw records on ${topic}`);
    return records;
  } finally {
    await consumer.disconnect();
  }
}

export const text = (value: Buffer | string | (Buffer | string)[] | undefined): string | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? String(value[0]) : value.toString();
