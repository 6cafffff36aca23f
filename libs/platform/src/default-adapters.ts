import { Logger } from '@nestjs/common';
import { CheckpointStore, EventStore, InProcessBus, MessageBus } from '@linchpin/eventsourcing';
import type { KafkaBus } from '@linchpin/bus-kafka';
import type { EsdbEventStore } from '@linchpin/eventstore-esdb';
import type { PostgresEventStore } from '@linchpin/eventstore-pg';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { mkdirSync } from 'fs';
import { dirname } from 'path';
import { LinchpinConfig } from './linchpin-config';

/*
 * The EventStoreDB, PostgreSQL and Kafka clients are loaded only when configured: together they are about a
 * third of a service's start-up time and resident memory, wasted in the embedded default.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a synchronous, on-demand load is the point */
const loadEsdb = (): typeof EsdbEventStore => (require('@linchpin/eventstore-esdb') as typeof import('@linchpin/eventstore-esdb')).EsdbEventStore;
const loadPostgres = (): typeof PostgresEventStore => (require('@linchpin/eventstore-pg') as typeof import('@linchpin/eventstore-pg')).PostgresEventStore;
const loadKafka = (): typeof KafkaBus => (require('@linchpin/bus-kafka') as typeof import('@linchpin/bus-kafka')).KafkaBus;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * EVENTSTORE_URL or POSTGRES_URL (never both: loadConfig refuses it); otherwise the embedded SQLite file (its folder
 * is created if missing). On PostgreSQL the service's tables are in its own schema (POSTGRES_SCHEMA).
 */
export function createEventStore(config: LinchpinConfig): EventStore & CheckpointStore {
  const logger = new Logger('Infrastructure');
  // A shared store is where replicas run: each with its own admin token would refuse the others' tokens and links.
  if ((config.postgresUrl || config.eventstoreUrl) && (!config.access.adminToken || !config.links.secret)) {
    logger.warn(
      'the event store is shared (replicas may run on it) but LINCHPIN_ADMIN_TOKEN or LINCHPIN_LINK_SECRET is unset (refused under NODE_ENV=production): this process uses its own data folder\'s admin token, ' +
        'which other processes refuse, and signs links they cannot check. Set both, the same in every process.',
    );
  }
  if (config.postgresUrl) {
    const schema = config.postgresSchema ?? `linchpin_${config.serviceName}`;
    logger.log(`Event store: PostgreSQL, schema ${schema}`);
    return new (loadPostgres())({ connectionString: config.postgresUrl, schema });
  }
  if (config.eventstoreUrl) {
    logger.log('Event store: EventStoreDB');
    return new (loadEsdb())({ connectionString: config.eventstoreUrl });
  }
  if (config.sqlitePath !== ':memory:') mkdirSync(dirname(config.sqlitePath), { recursive: true });
  logger.log(`Event store: SQLite at ${config.sqlitePath} (synchronous=${config.sqliteSynchronous})`);
  return new SqliteEventStore({ path: config.sqlitePath, synchronous: config.sqliteSynchronous });
}

/** KAFKA_BROKERS set: Kafka; otherwise the in-process bus, whose dead letters are logged. */
export function createMessageBus(config: LinchpinConfig): MessageBus {
  const logger = new Logger('Infrastructure');
  if (config.kafkaBrokers) {
    logger.log(
      `Message bus: Kafka at ${config.kafkaBrokers.join(',')} (consumer session timeout ${config.kafkaSessionTimeoutMs} ms, fetch wait ${config.kafkaFetchMaxWaitMs} ms, ` +
        `new topics: ${config.kafkaPartitions} partitions, replication factor ${config.kafkaReplicationFactor})`,
    );
    const kafkaLogger = new Logger('KafkaBus');
    const line = (message: string, meta?: Record<string, unknown>) => (meta ? `${message} ${JSON.stringify(meta)}` : message);
    return new (loadKafka())({
      brokers: config.kafkaBrokers,
      clientId: `linchpin-${config.serviceName}`,
      source: `/linchpin/${config.serviceName}`,
      topicPrefix: config.kafkaTopicPrefix,
      sessionTimeoutMs: config.kafkaSessionTimeoutMs,
      maxWaitTimeInMs: config.kafkaFetchMaxWaitMs,
      partitions: config.kafkaPartitions,
      replicationFactor: config.kafkaReplicationFactor,
      logger: {
        debug: (message, meta) => kafkaLogger.debug(line(message, meta)),
        info: (message, meta) => kafkaLogger.log(line(message, meta)),
        warn: (message, meta) => kafkaLogger.warn(line(message, meta)),
        error: (message, meta) => kafkaLogger.error(line(message, meta)),
      },
    });
  }
  logger.log('Message bus: in-process');
  return new InProcessBus((letter) =>
    logger.error(
      `Dead letter on ${letter.topic} (group ${letter.group}, event ${letter.event.id} ${letter.event.type}) after ${letter.attempts} attempts: ${letter.reason}`,
    ),
  );
}
