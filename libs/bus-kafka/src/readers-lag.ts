import type { Admin } from 'kafkajs';
import { lagOf, positionsOf } from './consumer-lag';

export interface ReaderLag {
  group: string;
  topic: string;
  messages: number;
}

/**
 * The backlog of every consumer group that reads these topics (it committed an offset on one of them), as the
 * producer sees it: a service whose consumers are all down, or never came back, reports nothing itself, so the
 * service writing the topic reports its readers' lag too, and it grows while they are gone.
 * One admin request per group, plus the groups list and each topic's end offsets.
 */
export async function readersLag(admin: Admin, topics: string[]): Promise<ReaderLag[]> {
  if (topics.length === 0) return [];
  const [{ groups }, ...watermarks] = await Promise.all([admin.listGroups(), ...topics.map((topic) => admin.fetchTopicOffsets(topic))]);
  const consumerGroups = groups.filter((g) => g.protocolType === 'consumer').map((g) => g.groupId);
  const committed = await Promise.all(consumerGroups.map((groupId) => admin.fetchOffsets({ groupId, topics })));
  return consumerGroups.flatMap((group, g) =>
    topics.flatMap((topic, t) => {
      const offsets = committed[g].find((c) => c.topic === topic)?.partitions ?? [];
      // A group that never committed here does not read this topic.
      if (!offsets.some((o) => BigInt(o.offset) >= 0n)) return [];
      const partitions = watermarks[t].map((w) => w.partition);
      return [{ group, topic, messages: lagOf(positionsOf(topic, partitions, watermarks[t], offsets, true)) }];
    }),
  );
}
