#!/usr/bin/env node
'use strict';
/*
 * Creates the Kafka topics the five services use, before they start (deploy/base's topic Job; the image ships this
 * file). The services create a missing topic on first use themselves; creating them ahead lets an operator choose
 * partitions and replication factor once, and see a bad replication factor (more than the brokers) as a failed Job
 * rather than as services that cannot publish. Same names, same settings as the services: KAFKA_BROKERS,
 * KAFKA_TOPIC_PREFIX, KAFKA_PARTITIONS, KAFKA_REPLICATION_FACTOR, read and checked by the platform's loadConfig;
 * retention.ms=-1 by the bus's own TopicCreator. A topic that exists is left as it is (its partitions and replication
 * factor are changed with kafka-topics.sh --alter and kafka-reassign-partitions.sh).
 *
 *   KAFKA_BROKERS=kafka:9092 KAFKA_REPLICATION_FACTOR=3 node scripts/create-topics.js
 */
const { Kafka } = require('kafkajs');
const { loadConfig } = require('@linchpin/platform');
const { topicOf, deadLetterTopicOf } = require('@linchpin/eventsourcing');
// Not part of the package's index: the services reach it only through KafkaBus.
const { TopicCreator } = require('@linchpin/bus-kafka/dist/topic-creator');

/** Every context publishes `linchpin.<context>.events` (its relay); each subscriber also creates `<topic>.dlq`. */
const CONTEXTS = ['detection', 'triage', 'coordination', 'comms', 'review'];

function topicNames(prefix = '') {
  return CONTEXTS.flatMap((context) => [topicOf(context), deadLetterTopicOf(topicOf(context))]).map((topic) => `${prefix}${topic}`);
}

async function main() {
  const config = loadConfig('topics', 3000);
  if (!config.kafkaBrokers) throw new Error('KAFKA_BROKERS is not set: there is no cluster to create topics on');
  const kafka = new Kafka({ clientId: 'linchpin-topics', brokers: config.kafkaBrokers, logLevel: 0, retry: { retries: 10, maxRetryTime: 5_000 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = topicNames(config.kafkaTopicPrefix);
    await new TopicCreator(admin, config.kafkaPartitions, config.kafkaReplicationFactor).ensure(topics);
    const { topics: found } = await admin.fetchTopicMetadata({ topics });
    for (const t of found) {
      const replicas = Math.min(...t.partitions.map((p) => p.replicas.length));
      console.log(`${t.name}: ${t.partitions.length} partitions, replication factor ${replicas}`);
    }
  } finally {
    await admin.disconnect();
  }
}

module.exports = { CONTEXTS, topicNames };

if (require.main === module) {
  main().catch((error) => {
    // kafkajs names the topics' own errors (e.g. a replication factor larger than the brokers) only in `errors`.
    const reasons = (error.errors ?? []).map((e) => e.message).filter(Boolean);
    console.error(`create-topics: ${error.message}${reasons.length > 0 ? `: ${[...new Set(reasons)].join('; ')}` : ''}`);
    process.exit(1);
  });
}
