/** The five services, each its own process in the distributed end-to-end tests. */
export const CONTEXTS = ['detection', 'triage', 'coordination', 'comms', 'review'] as const;
export type Context = (typeof CONTEXTS)[number];

/**
 * The environment of each service of one run over the real broker: its own SQLite file, a topic
 * prefix of the run's own (so a run never replays an earlier run's events), and loopback allowed
 * for the test's webhook receiver (the outbound guard refuses it otherwise). `extra` adds the test's own.
 */
export function clusterEnv(run: { brokers: string[]; logDir: string; name: string; extra?: Record<string, string> }): (name: Context) => Record<string, string> {
  const topicPrefix = `${run.name}-${Date.now()}.`;
  return (name) => ({
    KAFKA_BROKERS: run.brokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    SQLITE_PATH: `${run.logDir}/${name}.db`,
    OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8',
    ...run.extra,
  });
}
