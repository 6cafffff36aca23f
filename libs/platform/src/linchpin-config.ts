import { AccessSettings, DEFAULT_DATA_DIR } from './access/access-settings';
import { DEFAULT_LINK_TTL_HOURS, LinkSettings } from './links/link-settings';
import { ServiceSettings } from './service-settings';

export type SqliteSynchronous = 'FULL' | 'NORMAL';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A restarted service cannot join its consumer groups before the broker evicts its killed
 * predecessor, after this long without a heartbeat; kafkajs' own default is 30 s.
 */
export const DEFAULT_KAFKA_SESSION_TIMEOUT_MS = 10_000;
/**
 * How long the broker holds a consumer's fetch that found nothing. A message that comes meanwhile is
 * answered at once (minBytes 1), so this sets how often an idle consumer asks, not how late it sees
 * a message: 500 ms instead of 50 ms about halved the five services' idle CPU (bench
 * `alert-to-page`). Heartbeats go between fetches: the bound keeps it well under a session timeout.
 */
export const DEFAULT_KAFKA_FETCH_MAX_WAIT_MS = 500;
export const KAFKA_FETCH_MAX_WAIT_RANGE_MS = { min: 1, max: 5_000 } as const;
/**
 * The relay's read of its own streams when no append notice came. Every local append wakes it at
 * once (the store's append notice, or a live subscription), so this is only the fallback: at the
 * kernel's 20 ms each idle service read its store fifty times a second for nothing.
 */
export const DEFAULT_RELAY_IDLE_WAIT_MS = 250;
export const RELAY_IDLE_WAIT_RANGE_MS = { min: 1, max: 60_000 } as const;
/**
 * Partitions and replication factor of the topics a service creates on first use (and the topic Job of
 * deploy/ creates ahead). One broker (tests, compose) takes 1; a production cluster 3, so a topic survives a broker.
 */
export const DEFAULT_KAFKA_PARTITIONS = 3;
export const DEFAULT_KAFKA_REPLICATION_FACTOR = 1;
export const KAFKA_PARTITIONS_RANGE = { min: 1, max: 1_000 } as const;
export const KAFKA_REPLICATION_FACTOR_RANGE = { min: 1, max: 32 } as const;
/** The broker's default group.min.session.timeout.ms and group.max.session.timeout.ms. */
export const KAFKA_SESSION_TIMEOUT_RANGE_MS = { min: 6_000, max: 1_800_000 } as const;

export interface LinchpinSettings {
  serviceName: string;
  port: number;
  host: string;
  sqlitePath: string;
  sqliteSynchronous: SqliteSynchronous;
  /** Set: EventStoreDB holds the events, and SQLite is not used. */
  eventstoreUrl?: string;
  /** Set: PostgreSQL holds the events (libpq connection string), and SQLite is not used. Never with eventstoreUrl. */
  postgresUrl?: string;
  /** The schema of this service's tables on PostgreSQL (POSTGRES_SCHEMA, default `linchpin_<service>`): shared by its replicas, never by two services. */
  postgresSchema?: string;
  /** Set: Kafka carries the events between services; absent: the in-process bus. */
  kafkaBrokers?: string[];
  /** Prepended to every topic name, so several environments can share one cluster. */
  kafkaTopicPrefix?: string;
  /** How long the broker keeps a silent (killed) member in its consumer group. */
  kafkaSessionTimeoutMs?: number;
  /** Partitions of a topic this process creates. */
  kafkaPartitions?: number;
  /** Replication factor of a topic this process creates: at most the brokers in the cluster. */
  kafkaReplicationFactor?: number;
  /** How long the broker holds a consumer's fetch that found nothing (how often an idle consumer asks). */
  kafkaFetchMaxWaitMs?: number;
  /** The relay's poll of its own streams when no append notice woke it. */
  relayIdleWaitMs?: number;
  logLevel: LogLevel;
  /** CIDR ranges outbound calls (webhooks) may reach besides public addresses; empty by default. */
  outboundAllowCidrs?: string[];
  /** LINCHPIN_TEST_CLOCK=1: the clock is a MovableClock that `PUT /testing/clock` moves. Never in production. */
  testClock?: boolean;
  /** Who may get in: the admin token (or its data directory), OIDC, the metrics token. */
  access?: AccessSettings;
  /** LINCHPIN_PUBLIC_URL without a trailing slash: where the links Linchpin sends point (default `http://localhost:<port>`). */
  publicUrl?: string;
  /** Signed links: their key and lifetime. */
  links?: LinkSettings;
}

/**
 * The validated configuration of one process, built by `loadConfig` from the environment.
 * Injectable by its class. A service's own variables come validated through its ServiceSettings
 * (`settingsOf`); `get()` reads an unvalidated variable from the same environment.
 */
export class LinchpinConfig implements LinchpinSettings {
  readonly serviceName: string;
  readonly port: number;
  readonly host: string;
  readonly sqlitePath: string;
  readonly sqliteSynchronous: SqliteSynchronous;
  readonly eventstoreUrl?: string;
  readonly postgresUrl?: string;
  readonly postgresSchema?: string;
  readonly kafkaBrokers?: string[];
  readonly kafkaTopicPrefix: string;
  readonly kafkaSessionTimeoutMs: number;
  readonly kafkaPartitions: number;
  readonly kafkaReplicationFactor: number;
  readonly kafkaFetchMaxWaitMs: number;
  readonly relayIdleWaitMs: number;
  readonly logLevel: LogLevel;
  readonly outboundAllowCidrs: string[];
  readonly testClock: boolean;
  readonly access: AccessSettings;
  readonly publicUrl: string;
  readonly links: LinkSettings;

  private readonly built = new Map<ServiceSettings, unknown>();

  constructor(
    settings: LinchpinSettings,
    private readonly env: Readonly<Record<string, string | undefined>> = {},
    /** The validated variables of each ServiceSettings the service lists. */
    private readonly serviceVariables: ReadonlyMap<ServiceSettings, Readonly<Record<string, string>>> = new Map(),
  ) {
    this.serviceName = settings.serviceName;
    this.port = settings.port;
    this.host = settings.host;
    this.sqlitePath = settings.sqlitePath;
    this.sqliteSynchronous = settings.sqliteSynchronous;
    this.eventstoreUrl = settings.eventstoreUrl;
    this.postgresUrl = settings.postgresUrl;
    this.postgresSchema = settings.postgresUrl ? (settings.postgresSchema ?? `linchpin_${settings.serviceName}`) : undefined;
    this.kafkaBrokers = settings.kafkaBrokers;
    this.kafkaTopicPrefix = settings.kafkaTopicPrefix ?? '';
    this.kafkaSessionTimeoutMs = settings.kafkaSessionTimeoutMs ?? DEFAULT_KAFKA_SESSION_TIMEOUT_MS;
    this.kafkaPartitions = settings.kafkaPartitions ?? DEFAULT_KAFKA_PARTITIONS;
    this.kafkaReplicationFactor = settings.kafkaReplicationFactor ?? DEFAULT_KAFKA_REPLICATION_FACTOR;
    this.kafkaFetchMaxWaitMs = settings.kafkaFetchMaxWaitMs ?? DEFAULT_KAFKA_FETCH_MAX_WAIT_MS;
    this.relayIdleWaitMs = settings.relayIdleWaitMs ?? DEFAULT_RELAY_IDLE_WAIT_MS;
    this.logLevel = settings.logLevel;
    this.outboundAllowCidrs = settings.outboundAllowCidrs ?? [];
    this.testClock = settings.testClock ?? false;
    this.access = settings.access ?? { dataDir: DEFAULT_DATA_DIR };
    this.publicUrl = settings.publicUrl ?? `http://localhost:${settings.port}`;
    this.links = settings.links ?? { ttlHours: DEFAULT_LINK_TTL_HOURS };
  }

  /** A variable of the environment the config was loaded from; empty counts as unset. */
  get(name: string): string | undefined;
  get(name: string, fallback: string): string;
  get(name: string, fallback?: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? fallback : value;
  }

  /** A service's own settings, built once from its variables validated at load. */
  settingsOf<T>(settings: ServiceSettings<T>): T {
    if (!this.built.has(settings)) {
      const variables = this.serviceVariables.get(settings);
      if (!variables) {
        throw new Error(`${String(settings.token)} settings were not loaded: list them in the settings of the ${this.serviceName} ServiceDefinition`);
      }
      this.built.set(settings, settings.build(variables));
    }
    return this.built.get(settings) as T;
  }
}
