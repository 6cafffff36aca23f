import { Admin } from 'kafkajs';

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
      await this.admin.createTopics({
        topics: [{ topic, numPartitions: this.partitions, replicationFactor: this.replicationFactor }],
        // Publishing right after creation must find a leader for every partition.
        waitForLeaders: true,
      });
    } catch (error) {
      // Another process (or bus) created it first: that is what we wanted.
      if (!isTopicExists(error)) throw error;
    }
    this.known.add(topic);
  }
}

function isTopicExists(error: unknown): boolean {
  const e = error as { type?: string; errors?: { type?: string }[] };
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS');
}
