import { IsOptional } from 'class-validator';
import { IsPositiveInteger } from './config-validators';
import { ConfigurationError, loadConfig, loadSettings } from './load-config';
import { ServiceSettings } from './service-settings';

class PagerVariables {
  @IsOptional() @IsPositiveInteger({ message: 'must be a positive integer' }) PAGER_ATTEMPTS?: string;
  @IsOptional() PAGER_NAME?: string;
}

const builds: Record<string, string>[] = [];
const PAGER_SETTINGS: ServiceSettings<{ attempts: number; name: string }> = {
  token: 'test:pager',
  variables: PagerVariables,
  build: (variables) => {
    builds.push({ ...variables });
    return { attempts: Number(variables.PAGER_ATTEMPTS ?? 3), name: variables.PAGER_NAME ?? 'pager' };
  },
};


describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig('detection', 3001, {});
    expect(config).toMatchObject({
      serviceName: 'detection',
      port: 3001,
      host: '127.0.0.1',
      sqlitePath: './data/detection.db',
      sqliteSynchronous: 'FULL',
      logLevel: 'info',
      kafkaSessionTimeoutMs: 10_000,
      kafkaFetchMaxWaitMs: 500,
      kafkaPartitions: 3,
      kafkaReplicationFactor: 1,
      relayIdleWaitMs: 250,
    });
    expect(config.eventstoreUrl).toBeUndefined();
    expect(config.kafkaBrokers).toBeUndefined();
  });

  it('reads every variable, normalising case and splitting the broker list', () => {
    const config = loadConfig('triage', 3002, {
      PORT: '8080',
      HOST: '0.0.0.0',
      SQLITE_PATH: '/var/lib/linchpin/triage.db',
      SQLITE_SYNCHRONOUS: 'normal',
      EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      KAFKA_TOPIC_PREFIX: 'staging.',
      KAFKA_SESSION_TIMEOUT_MS: '45000',
      KAFKA_FETCH_MAX_WAIT_MS: '100',
      KAFKA_PARTITIONS: '12',
      KAFKA_REPLICATION_FACTOR: '3',
      RELAY_IDLE_WAIT_MS: '1000',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      sqlitePath: '/var/lib/linchpin/triage.db',
      sqliteSynchronous: 'NORMAL',
      eventstoreUrl: 'esdb://eventstore:2113?tls=false',
      kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
      kafkaTopicPrefix: 'staging.',
      kafkaSessionTimeoutMs: 45_000,
      kafkaFetchMaxWaitMs: 100,
      kafkaPartitions: 12,
      kafkaReplicationFactor: 3,
      relayIdleWaitMs: 1_000,
      logLevel: 'debug',
    });
  });

  it('treats an empty variable as unset, so KAFKA_BROKERS= means the in-process bus', () => {
    const config = loadConfig('comms', 3004, { KAFKA_BROKERS: '', EVENTSTORE_URL: '  ', PORT: '' });
    expect(config.kafkaBrokers).toBeUndefined();
    expect(config.eventstoreUrl).toBeUndefined();
    expect(config.port).toBe(3004);
  });

  it.each([
    ['PORT', 'abc', "Invalid configuration: PORT must be an integer between 1 and 65535 (got 'abc')"],
    ['PORT', '0', "Invalid configuration: PORT must be an integer between 1 and 65535 (got '0')"],
    ['PORT', '70000', "Invalid configuration: PORT must be an integer between 1 and 65535 (got '70000')"],
    ['PORT', '80.5', "Invalid configuration: PORT must be an integer between 1 and 65535 (got '80.5')"],
    ['SQLITE_SYNCHRONOUS', 'OFF', "Invalid configuration: SQLITE_SYNCHRONOUS must be FULL or NORMAL (got 'OFF')"],
    ['KAFKA_BROKERS', 'kafka', "Invalid configuration: KAFKA_BROKERS must be a comma-separated list of host:port (got 'kafka')"],
    ['LOG_LEVEL', 'loud', "Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got 'loud')"],
    ['HOST', 'my host', "Invalid configuration: HOST must be a host name or an IP address (got 'my host')"],
    ['KAFKA_TOPIC_PREFIX', 'a/b', "Invalid configuration: KAFKA_TOPIC_PREFIX may hold only letters, digits, dots, underscores and dashes (got 'a/b')"],
    ...['5999', '1800001', '10s', '-1'].map((value) => [
      'KAFKA_SESSION_TIMEOUT_MS',
      value,
      `Invalid configuration: KAFKA_SESSION_TIMEOUT_MS must be a whole number of milliseconds between 6000 and 1800000 (the broker's default group session bounds) (got '${value}')`,
    ]),
    ...['0', '5001', '0.5', '500ms'].map((value) => [
      'KAFKA_FETCH_MAX_WAIT_MS',
      value,
      `Invalid configuration: KAFKA_FETCH_MAX_WAIT_MS must be a whole number of milliseconds between 1 and 5000 (consumers heartbeat between fetches) (got '${value}')`,
    ]),
    ...['0', '1001', '2.5', 'many'].map((value) => [
      'KAFKA_PARTITIONS',
      value,
      `Invalid configuration: KAFKA_PARTITIONS must be a whole number of partitions between 1 and 1000 (got '${value}')`,
    ]),
    ...['0', '33', '3x'].map((value) => [
      'KAFKA_REPLICATION_FACTOR',
      value,
      `Invalid configuration: KAFKA_REPLICATION_FACTOR must be a whole number between 1 and 32, at most the brokers in the cluster (got '${value}')`,
    ]),
    ...['0', '60001', '20ms'].map((value) => [
      'RELAY_IDLE_WAIT_MS',
      value,
      `Invalid configuration: RELAY_IDLE_WAIT_MS must be a whole number of milliseconds between 1 and 60000 (got '${value}')`,
    ]),
  ])('rejects %s=%s with a message naming the variable and the reason', (name, value, message) => {
    expect(() => loadConfig('detection', 3001, { [name]: value })).toThrow(message);
  });

  it('rejects an EVENTSTORE_URL that is not a connection string', () => {
    expect(() => loadConfig('review', 3005, { EVENTSTORE_URL: 'http://eventstore:2113' })).toThrow(
      /EVENTSTORE_URL must be an EventStoreDB connection string .* \(got 'http:\/\/eventstore:2113'\)/,
    );
  });

  describe('PostgreSQL (POSTGRES_URL, POSTGRES_SCHEMA)', () => {
    const url = 'postgres://linchpin:s3cret@db:5432/linchpin';

    it('keeps each service in its own schema, linchpin_<service> by default, the standalone too', () => {
      expect(loadConfig('detection', 3001, { POSTGRES_URL: url })).toMatchObject({ postgresUrl: url, postgresSchema: 'linchpin_detection' });
      expect(loadConfig('standalone', 3000, { POSTGRES_URL: url }).postgresSchema).toBe('linchpin_standalone');
      expect(loadConfig('triage', 3002, { POSTGRES_URL: url, POSTGRES_SCHEMA: 'staging_triage' }).postgresSchema).toBe('staging_triage');
      expect(loadConfig('triage', 3002, { POSTGRES_URL: `  ${url} ` }).postgresUrl).toBe(url);
    });

    it('leaves PostgreSQL out when POSTGRES_URL is unset or empty', () => {
      const config = loadConfig('comms', 3004, { POSTGRES_URL: ' ', POSTGRES_SCHEMA: 'ignored' });
      expect(config.postgresUrl).toBeUndefined();
      expect(config.postgresSchema).toBeUndefined();
    });

    it('refuses, in production on a shared store, a start without the shared admin token or link key, naming each', () => {
      const production = { NODE_ENV: 'production', POSTGRES_URL: url };
      const load = (env: Record<string, string>) => () => loadConfig('triage', 3002, env);
      expect(load({ ...production, LINCHPIN_ADMIN_TOKEN: ' ' })).toThrow(/LINCHPIN_ADMIN_TOKEN is required in production on a shared event store/);
      expect(load({ ...production, LINCHPIN_ADMIN_TOKEN: 'lp_token' })).toThrow(/LINCHPIN_LINK_SECRET is required in production/);
      expect(load({ ...production, LINCHPIN_ADMIN_TOKEN: 'lp_token' })).not.toThrow(/LINCHPIN_ADMIN_TOKEN/);
      expect(load({ NODE_ENV: 'production', EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false' })).toThrow(/LINCHPIN_ADMIN_TOKEN is required/);
      const secrets = { LINCHPIN_ADMIN_TOKEN: 'lp_token', LINCHPIN_LINK_SECRET: 'k'.repeat(32) };
      expect(load({ ...production, ...secrets })).not.toThrow();
      // SQLite is one process's own; outside production a warning says it instead (createEventStore).
      expect(load({ NODE_ENV: 'production' })).not.toThrow();
      expect(load({ POSTGRES_URL: url })).not.toThrow();
    });

    it('refuses POSTGRES_URL and EVENTSTORE_URL set together, naming both, without printing the URL', () => {
      const load = () => loadConfig('detection', 3001, { POSTGRES_URL: url, EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false' });
      expect(load).toThrow(ConfigurationError);
      expect(load).toThrow(/POSTGRES_URL cannot be set together with EVENTSTORE_URL/);
      expect(load).not.toThrow(/s3cret/);
    });

    it.each(['Linchpin', 'linchpin-detection', '1st', 'a;drop', 'x'.repeat(64), 'pg_linchpin'])('refuses POSTGRES_SCHEMA=%s, naming the variable', (schema) => {
      expect(() => loadConfig('detection', 3001, { POSTGRES_URL: url, POSTGRES_SCHEMA: schema })).toThrow(
        /^Invalid configuration: POSTGRES_SCHEMA must be a plain PostgreSQL identifier/,
      );
    });

    it('refuses a POSTGRES_URL that is not a PostgreSQL connection string, without printing it', () => {
      expect(() => loadConfig('detection', 3001, { POSTGRES_URL: 'mysql://u:pw@db/x' })).toThrow(
        "Invalid configuration: POSTGRES_URL must be a PostgreSQL connection string such as postgres://user:password@localhost:5432/linchpin (got '<secret of 17 characters>')",
      );
    });
  });

  it('allows no internal range to outbound calls by default, and reads OUTBOUND_ALLOW_CIDRS as a list', () => {
    expect(loadConfig('comms', 3004, {}).outboundAllowCidrs).toEqual([]);
    expect(loadConfig('comms', 3004, { OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8, 10.20.0.0/16,fd00::/8' }).outboundAllowCidrs).toEqual([
      '127.0.0.0/8',
      '10.20.0.0/16',
      'fd00::/8',
    ]);
  });

  it.each(['127.0.0.1', '10.0.0.0/8,intranet', '10.0.0.0/40'])('stops at OUTBOUND_ALLOW_CIDRS=%s, naming the variable', (value) => {
    expect(() => loadConfig('comms', 3004, { OUTBOUND_ALLOW_CIDRS: value })).toThrow(
      `Invalid configuration: OUTBOUND_ALLOW_CIDRS must be a comma-separated list of CIDR ranges such as 127.0.0.0/8,10.20.0.0/16,fd00::/8 (got '${value}')`,
    );
  });

  it('keeps the test clock off unless LINCHPIN_TEST_CLOCK is 1, and refuses it with NODE_ENV=production', () => {
    expect(loadConfig('detection', 3001, {}).testClock).toBe(false);
    expect(loadConfig('detection', 3001, { LINCHPIN_TEST_CLOCK: '0', NODE_ENV: 'production' }).testClock).toBe(false);
    expect(loadConfig('detection', 3001, { LINCHPIN_TEST_CLOCK: '1', NODE_ENV: 'test' }).testClock).toBe(true);
    expect(loadConfig('detection', 3001, { LINCHPIN_TEST_CLOCK: 'TRUE' }).testClock).toBe(true);
    expect(() => loadConfig('detection', 3001, { LINCHPIN_TEST_CLOCK: '1', NODE_ENV: 'production' })).toThrow(
      /^Invalid configuration: LINCHPIN_TEST_CLOCK must not be on when NODE_ENV=production .*\(got '1'\)$/,
    );
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig('detection', 3001, { PORT: 'x', LOG_LEVEL: 'y' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.map((p) => p.variable)).toEqual(['PORT', 'LOG_LEVEL']);
  });

  it('lets a service read its own variables through get()', () => {
    const config = loadConfig('comms', 3004, { COMMS_WEBHOOK_TIMEOUT_MS: '5000', EMPTY: '' });
    expect(config.get('COMMS_WEBHOOK_TIMEOUT_MS')).toBe('5000');
    expect(config.get('EMPTY')).toBeUndefined();
    expect(config.get('MISSING', 'fallback')).toBe('fallback');
  });

  describe("a service's own settings", () => {
    beforeEach(() => builds.splice(0));

    it('are read, trimmed, and built once, when first asked for', () => {
      const config = loadConfig({ name: 'pager', title: 'Pager', defaultPort: 3009, settings: [PAGER_SETTINGS] }, {
        PAGER_ATTEMPTS: ' 5 ',
        PAGER_NAME: '',
        OTHER: 'x',
      });
      expect(config.port).toBe(3009);
      expect(builds).toEqual([]);
      expect(config.settingsOf(PAGER_SETTINGS)).toEqual({ attempts: 5, name: 'pager' });
      expect(config.settingsOf(PAGER_SETTINGS)).toBe(config.settingsOf(PAGER_SETTINGS));
      expect(builds).toEqual([{ PAGER_ATTEMPTS: '5' }]);
    });

    it("are validated with the platform's variables: one error names every bad variable", () => {
      let error: unknown;
      try {
        loadConfig('pager', 3009, { PORT: '0', PAGER_ATTEMPTS: 'abc' }, [PAGER_SETTINGS]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).message).toBe(
        "Invalid configuration: PORT must be an integer between 1 and 65535 (got '0'); PAGER_ATTEMPTS must be a positive integer (got 'abc')",
      );
    });

    it('alone, through loadSettings', () => {
      expect(loadSettings(PAGER_SETTINGS, { PAGER_NAME: 'p' })).toEqual({ attempts: 3, name: 'p' });
      expect(() => loadSettings(PAGER_SETTINGS, { PAGER_ATTEMPTS: '1.5' })).toThrow(
        "Invalid configuration: PAGER_ATTEMPTS must be a positive integer (got '1.5')",
      );
    });

    it('that the ServiceDefinition does not list are refused loudly', () => {
      expect(() => loadConfig('pager', 3009, {}).settingsOf(PAGER_SETTINGS)).toThrow(/list them in the settings of the pager ServiceDefinition/);
    });
  });
});
