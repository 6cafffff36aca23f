import { BenchSuite, Figure } from '../report';
import { median } from '../stats';
import { ClientRun, RunSpec, createTopic, deleteTopic, runKafkaJs, runPlatformatic } from '../kafka-clients/client-runs';
import { linchpinMessages } from '../kafka-clients/linchpin-message';

const BATCH = 500;
const clients: { name: string; run: (spec: RunSpec) => Promise<ClientRun> }[] = [
  { name: 'kafkajs 2.2.4', run: runKafkaJs },
  { name: '@platformatic/kafka 2.12', run: runPlatformatic },
];

/**
 * kafkajs (Linchpin's client) against @platformatic/kafka on the same broker in the same run:
 * the same ~1 KB messages, 500 per send, acks=-1, a fresh 3-partition topic per measurement,
 * consumed by a fresh consumer group from the beginning until every message is read.
 */
export const kafkaClientsSuite: BenchSuite = {
  name: 'kafka-clients',
  async run({ quick, kafkaBrokers, log }) {
    const count = quick ? 20_000 : 100_000;
    const repeats = quick ? 1 : 3;
    const messages = linchpinMessages(count);
    const bytes = messages.reduce((sum, m) => sum + m.value.length, 0) / count;
    const runs = new Map<string, ClientRun[]>(clients.map((c) => [c.name, []]));
    for (let r = 0; r < repeats; r++) {
      // Alternate who goes first: the broker's page cache and log segments warm up as a run goes on.
      const order = r % 2 === 0 ? clients : [...clients].reverse();
      for (const client of order) {
        const id = `${Date.now()}-${r}-${client.run.name}`;
        const topic = `bench.kafka-clients.${id}`;
        await createTopic(kafkaBrokers, topic);
        try {
          const result = await client.run({ brokers: kafkaBrokers, topic, group: `bench-${id}`, messages, batch: BATCH });
          runs.get(client.name)!.push(result);
          log(`${client.name} repeat ${r + 1}/${repeats}: produce ${Math.round(result.produce)} msgs/s, consume ${Math.round(result.consume)} msgs/s, first message after ${Math.round(result.joinMs)} ms`);
        } finally {
          await deleteTopic(kafkaBrokers, topic);
        }
      }
    }

    const [baseline, other] = clients;
    const setup = `${count.toLocaleString('en-US')} msgs of ${Math.round(bytes)} B, ${BATCH} per send, acks=-1, 3 partitions`;
    const figures: Figure[] = [];
    for (const measure of ['produce', 'consume'] as const) {
      const base = median(runs.get(baseline.name)!.map((x) => x[measure]));
      for (const client of [baseline, other]) {
        const samples = runs.get(client.name)!.map((x) => x[measure]);
        const value = median(samples);
        const join = median(runs.get(client.name)!.map((x) => x.joinMs));
        figures.push({
          suite: 'kafka-clients',
          name: `${measure}, ${client.name}${client === baseline ? ' (baseline)' : ''}, ${setup}`,
          value,
          unit: 'msgs/s',
          ...(client === baseline ? {} : { baseline: base, ratio: value / base }),
          samples,
          note:
            measure === 'consume'
              ? `rate from first to last message of a fresh group; group join until the first message: ${Math.round(join)} ms (median)`
              : 'sequential awaited sends',
        });
      }
    }
    return figures;
  },
};
