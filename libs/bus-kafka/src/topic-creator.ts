import { Admin } from 'kafkajs';

/**
 * Every topic keeps its events for good (`retention.ms` -1): a topic is the log a new consumer group
 * builds its projection from (a new replica learns every API token, team and incident from the
 * start), and the broker's default 7 days would leave it knowing only the last week.
 */
export const TOPIC_CONFIG = [{ name: 'retention.ms', value: '-1' }];

/**
 * Creates topics on first use and remembers the ones known to exist, so a publish costs an admin
 * round trip only the first time a topic is seen by this process.
 */
export class TopicCreator {
  private readonly known = new Set<string>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly admin: Admin,
    private readonly partitions: number,
    private readonly replicationFactor: number,
  ) {}

  async ensure(topics: string[]): Promise<void> {
    const missing = [...new Set(topics)].filter((t) => !this.known.has(t));
    if (missing.length === 0) return;
    await Promise.all(missing.map((topic) => this.ensureOne(topic)));
  }

  private ensureOne(topic: string): Promise<void> {
    let creation = this.pending.get(topic);
    if (!creation) {
      creation = this.create(topic).finally(() => this.pending.delete(topic));
      this.pending.set(topic, creation);
    }
    return creation;
  }

  private async create(topic: string): Promise<void> {
    try {
      // kafkajs' own waitForLeaders gives up when the broker's metadata cache lags the controller
      // and answers UNKNOWN_TOPIC_OR_PARTITION for a topic it has just created; waitForLeaders()
      // below treats that as "not yet".
      await this.admin.createTopics({
        topics: [{ topic, numPartitions: this.partitions, replicationFactor: this.replicationFactor, configEntries: TOPIC_CONFIG }],
        waitForLeaders: false,
      });
    } catch (error) {
      // Another process (or bus) created it first: that is what we wanted.
      if (!isTopicExists(error)) throw error;
    }
    await this.waitForLeaders(topic);
    this.known.add(topic);
  }

  /** Publishing right after creation must find a leader for every partition. */
  private async waitForLeaders(topic: string): Promise<void> {
    const deadline = Date.now() + LEADER_WAIT_MS;
    for (;;) {
      try {
        const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
      } catch (error) {
        if (!isNotYetKnown(error) || Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`topic ${topic} has no leader after ${LEADER_WAIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const LEADER_WAIT_MS = 30_000;

function isNotYetKnown(error: unknown): boolean {
  const type = (error as { type?: string })?.type;
  return type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE';
}

function isTopicExists(error: unknown): boolean {
  const e = error as { type?: string; errors?: { type?: string }[] };
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS');
}
