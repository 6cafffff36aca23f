import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsOptional, Matches, MinLength, validateSync } from 'class-validator';
import { accessSettingsOf, oidcProblem } from './access/access-settings';
import { IsBrokerList, IsCidrList, IsIntegerBetween, IsPortNumber, IsPublicBaseUrl, splitList } from './config-validators';
import {
  KAFKA_FETCH_MAX_WAIT_RANGE_MS,
  KAFKA_PARTITIONS_RANGE,
  KAFKA_REPLICATION_FACTOR_RANGE,
  KAFKA_SESSION_TIMEOUT_RANGE_MS,
  LOG_LEVELS,
  RELAY_IDLE_WAIT_RANGE_MS,
  LinchpinConfig,
  LogLevel,
  SqliteSynchronous,
} from './linchpin-config';
import { HTTP_SETTINGS } from './http-settings';
import { DEFAULT_LINK_TTL_HOURS, LINK_SECRET_MIN_LENGTH, MAX_LINK_TTL_HOURS, publicUrlOf } from './links/link-settings';
import { ServiceDefinition } from './service-definition';
import { ServiceSettings } from './service-settings';
import { TEST_CLOCK_VALUES, isTestClockOn, testClockProblem } from './test-clock';

const PORT_REASON = 'must be an integer between 1 and 65535';
/** What PostgreSQL takes unquoted, as the store requires (the schema name is written into its SQL as is); `pg_` is the server's own. */
const POSTGRES_SCHEMA_NAME = /^(?!pg_)[a-z_][a-z0-9_]{0,62}$/;
const HTTP_URL = /^https?:\/\/[^\s/]+\S*$/;
const CLAIM_PATH = /^[^.\s]+(\.[^.\s]+)*$/;

const { min: SESSION_MIN, max: SESSION_MAX } = KAFKA_SESSION_TIMEOUT_RANGE_MS;
const { min: FETCH_WAIT_MIN, max: FETCH_WAIT_MAX } = KAFKA_FETCH_MAX_WAIT_RANGE_MS;
const { min: RELAY_WAIT_MIN, max: RELAY_WAIT_MAX } = RELAY_IDLE_WAIT_RANGE_MS;
const { min: PARTITIONS_MIN, max: PARTITIONS_MAX } = KAFKA_PARTITIONS_RANGE;
const { min: REPLICAS_MIN, max: REPLICAS_MAX } = KAFKA_REPLICATION_FACTOR_RANGE;

/** The raw variables, named as the operator writes them, so each message names the variable. */
class EnvironmentVariables {
  @IsOptional() @IsPortNumber({ message: PORT_REASON }) PORT?: string;
  @IsOptional() @Matches(/^\S+$/, { message: 'must be a host name or an IP address' }) HOST?: string;
  @IsOptional() @Matches(/\S/, { message: 'must be a file path' }) SQLITE_PATH?: string;
  @IsOptional() @Matches(/^(full|normal)$/i, { message: 'must be FULL or NORMAL' }) SQLITE_SYNCHRONOUS?: string;
  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, { message: 'must be an EventStoreDB connection string such as esdb://localhost:2113?tls=false' })
  EVENTSTORE_URL?: string;
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a PostgreSQL connection string such as postgres://user:password@localhost:5432/linchpin' })
  POSTGRES_URL?: string;
  @IsOptional()
  @Matches(POSTGRES_SCHEMA_NAME, { message: 'must be a plain PostgreSQL identifier: lower-case letters, digits and _, not starting with a digit or pg_ (reserved by PostgreSQL), at most 63 characters' })
  POSTGRES_SCHEMA?: string;
  @IsOptional() @IsBrokerList({ message: 'must be a comma-separated list of host:port' }) KAFKA_BROKERS?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9._-]+$/, { message: 'may hold only letters, digits, dots, underscores and dashes' })
  KAFKA_TOPIC_PREFIX?: string;
  @IsOptional()
  @IsIntegerBetween(SESSION_MIN, SESSION_MAX, {
    message: `must be a whole number of milliseconds between ${SESSION_MIN} and ${SESSION_MAX} (the broker's default group session bounds)`,
  })
  KAFKA_SESSION_TIMEOUT_MS?: string;
  @IsOptional()
  @IsIntegerBetween(FETCH_WAIT_MIN, FETCH_WAIT_MAX, {
    message: `must be a whole number of milliseconds between ${FETCH_WAIT_MIN} and ${FETCH_WAIT_MAX} (consumers heartbeat between fetches)`,
  })
  KAFKA_FETCH_MAX_WAIT_MS?: string;
  @IsOptional()
  @IsIntegerBetween(PARTITIONS_MIN, PARTITIONS_MAX, { message: `must be a whole number of partitions between ${PARTITIONS_MIN} and ${PARTITIONS_MAX}` })
  KAFKA_PARTITIONS?: string;
  @IsOptional()
  @IsIntegerBetween(REPLICAS_MIN, REPLICAS_MAX, {
    message: `must be a whole number between ${REPLICAS_MIN} and ${REPLICAS_MAX}, at most the brokers in the cluster`,
  })
  KAFKA_REPLICATION_FACTOR?: string;
  @IsOptional()
  @IsIntegerBetween(RELAY_WAIT_MIN, RELAY_WAIT_MAX, { message: `must be a whole number of milliseconds between ${RELAY_WAIT_MIN} and ${RELAY_WAIT_MAX}` })
  RELAY_IDLE_WAIT_MS?: string;
  @IsOptional()
  @Matches(new RegExp(`^(${LOG_LEVELS.join('|')})$`, 'i'), { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: string;
  @IsOptional()
  @IsCidrList({ message: 'must be a comma-separated list of CIDR ranges such as 127.0.0.0/8,10.20.0.0/16,fd00::/8' })
  OUTBOUND_ALLOW_CIDRS?: string;
  @IsOptional()
  @Matches(TEST_CLOCK_VALUES, { message: 'must be 1 (on) or 0 (off); never on in production' })
  LINCHPIN_TEST_CLOCK?: string;
  @IsOptional()
  // A shorter one is taken with a warning at every start (resolveAdminToken): refusing it would stop a process for a taste.
  @Matches(/^\S+$/, { message: 'must be one word without spaces (a bearer token)' })
  LINCHPIN_ADMIN_TOKEN?: string;
  @IsOptional() @Matches(/\S/, { message: 'must be a directory path' }) LINCHPIN_DATA_DIR?: string;
  @IsOptional() @Matches(HTTP_URL, { message: 'must be an http(s) URL, the issuer exactly as its tokens name it (iss)' }) OIDC_ISSUER?: string;
  @IsOptional() @Matches(/^\S+$/, { message: 'must be the audience (aud) its tokens are issued for, without spaces' }) OIDC_AUDIENCE?: string;
  @IsOptional() @Matches(HTTP_URL, { message: "must be an http(s) URL of the issuer's JSON Web Key Set" }) OIDC_JWKS_URL?: string;
  @IsOptional() @Matches(CLAIM_PATH, { message: 'must be a claim name or a dotted path such as realm_access.roles' }) OIDC_ROLES_CLAIM?: string;
  @IsOptional() @Matches(CLAIM_PATH, { message: 'must be a claim name or a dotted path such as groups.team' }) OIDC_TEAM_CLAIM?: string;
  @IsOptional()
  @Matches(/^\S+$/, { message: 'must be at least 16 characters without spaces' })
  @MinLength(16, { message: 'must be at least 16 characters without spaces' })
  METRICS_TOKEN?: string;
  @IsOptional()
  @IsPublicBaseUrl({ message: 'must be an absolute http(s) URL without credentials, query or fragment, such as https://linchpin.example.com (the address people reach Linchpin at)' })
  LINCHPIN_PUBLIC_URL?: string;
  @IsOptional()
  @Matches(/^\S+$/, { message: `must be at least ${LINK_SECRET_MIN_LENGTH} characters without spaces` })
  @MinLength(LINK_SECRET_MIN_LENGTH, { message: `must be at least ${LINK_SECRET_MIN_LENGTH} characters without spaces` })
  LINCHPIN_LINK_SECRET?: string;
  @IsOptional()
  @IsIntegerBetween(1, MAX_LINK_TTL_HOURS, { message: `must be a whole number of hours between 1 and ${MAX_LINK_TTL_HOURS}` })
  LINCHPIN_LINK_TTL_HOURS?: string;
}

/** Their values never appear in a ConfigurationError: only their length does. */
// POSTGRES_URL: libpq connection strings commonly carry the password.
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['LINCHPIN_ADMIN_TOKEN', 'METRICS_TOKEN', 'LINCHPIN_LINK_SECRET', 'SMTP_URL', 'POSTGRES_URL']);

/** One event store: POSTGRES_URL and EVENTSTORE_URL both set would leave which one holds the history to chance. */
function storeChoiceProblem(variables: EnvironmentVariables): ConfigurationProblem | undefined {
  if (!variables.POSTGRES_URL || !variables.EVENTSTORE_URL) return undefined;
  return {
    variable: 'POSTGRES_URL',
    reason: 'cannot be set together with EVENTSTORE_URL: each chooses the event store (PostgreSQL or EventStoreDB); unset one of them',
    value: `<secret of ${variables.POSTGRES_URL.length} characters>`,
  };
}

/**
 * In production, replicas on a shared store (POSTGRES_URL, EVENTSTORE_URL) must share the admin token and the link key:
 * without them each process makes its own token (refused by the others, new at each restart of an emptyDir) and signs
 * acknowledge links the others cannot check. An empty Secret value is the usual cause, so the start is refused, loudly.
 */
function sharedSecretProblems(variables: EnvironmentVariables, env: Environment, serviceSecrets: readonly string[]): ConfigurationProblem[] {
  if (env.NODE_ENV !== 'production' || !(variables.POSTGRES_URL || variables.EVENTSTORE_URL)) return [];
  return [...new Set(['LINCHPIN_ADMIN_TOKEN', 'LINCHPIN_LINK_SECRET', ...serviceSecrets])]
    .filter((name) => !env[name]?.trim())
    .map((variable) => ({
      variable,
      reason:
        'is required in production on a shared event store (POSTGRES_URL or EVENTSTORE_URL): every replica and service must share it; ' +
        'set it, the same in every process (a Kubernetes Secret value or compose .env line left empty is the usual cause)',
      value: '<unset>',
    }));
}

export interface ConfigurationProblem {
  variable: string;
  reason: string;
  value: string;
}

/** A bad environment: the process must not start. The message names each variable, the reason and the value. */
export class ConfigurationError extends Error {
  constructor(readonly problems: ConfigurationProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.reason} (got '${p.value}')`).join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The variables a class-validator class declares: its decorated properties. */
function variableNames(variables: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(variables, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** The set (non-blank, trimmed) variables of `variables` and what is wrong with them. */
function readVariables<T extends object>(
  variables: new () => T,
  env: Environment,
): { raw: Record<string, string>; values: T; problems: ConfigurationProblem[] } {
  const raw: Record<string, string> = {};
  for (const name of variableNames(variables)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  const values = plainToInstance(variables, raw);
  const problems = validateSync(values, { forbidUnknownValues: false }).map((error) => ({
    variable: error.property,
    reason: Object.values(error.constraints ?? {})[0] ?? 'is invalid',
    value: SECRET_VARIABLES.has(error.property) ? `<secret of ${String(error.value).length} characters>` : String(error.value),
  }));
  return { raw, values, problems };
}

/**
 * Reads and validates one service's own variables alone and builds its settings (unit tests;
 * at start `loadConfig` reads them with the platform's). Pure: pass `env`.
 */
export function loadSettings<T>(settings: ServiceSettings<T>, env: Environment = process.env): T {
  const { raw, problems } = readVariables(settings.variables, env);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return settings.build(raw);
}

/**
 * Reads and validates the platform's variables and those of every ServiceSettings the service
 * lists, all at once: one ConfigurationError names every bad variable. Pure: pass `env` in tests.
 * An empty variable counts as unset, so `KAFKA_BROKERS=` in a compose file means "no Kafka".
 */
export function loadConfig(service: ServiceDefinition, env?: Environment): LinchpinConfig;
export function loadConfig(serviceName: string, defaultPort: number, env?: Environment, settings?: readonly ServiceSettings[]): LinchpinConfig;
export function loadConfig(
  serviceOrName: ServiceDefinition | string,
  defaultPortOrEnv?: number | Environment,
  maybeEnv?: Environment,
  maybeSettings?: readonly ServiceSettings[],
): LinchpinConfig {
  const byDefinition = typeof serviceOrName !== 'string';
  const serviceName = byDefinition ? serviceOrName.name : serviceOrName;
  const defaultPort = byDefinition ? serviceOrName.defaultPort : (defaultPortOrEnv as number);
  const env = (byDefinition ? (defaultPortOrEnv as Environment | undefined) : maybeEnv) ?? process.env;
  // The HTTP front door's settings (CORS, Host, rate limits) are every process's: read with the service's own.
  const settings = [HTTP_SETTINGS, ...((byDefinition ? serviceOrName.settings : maybeSettings) ?? [])];

  const { values: variables, problems } = readVariables(EnvironmentVariables, env);
  const serviceVariables = new Map<ServiceSettings, Record<string, string>>();
  for (const own of settings) {
    if (serviceVariables.has(own)) continue;
    const read = readVariables(own.variables, env);
    problems.push(...read.problems);
    serviceVariables.set(own, read.raw);
  }
  const twoStores = storeChoiceProblem(variables);
  if (twoStores) problems.push(twoStores);
  problems.push(...sharedSecretProblems(variables, env, settings.flatMap((own) => own.sharedSecrets ?? [])));
  const refused = testClockProblem(env);
  if (refused) problems.push(refused);
  const oidcIncomplete = oidcProblem(env);
  if (oidcIncomplete) problems.push(oidcIncomplete);
  if (problems.length > 0) throw new ConfigurationError(problems);
  const port = variables.PORT ? Number(variables.PORT) : defaultPort;
  return new LinchpinConfig(
    {
      serviceName,
      port,
      host: variables.HOST ?? '127.0.0.1',
      sqlitePath: variables.SQLITE_PATH ?? `./data/${serviceName}.db`,
      sqliteSynchronous: (variables.SQLITE_SYNCHRONOUS?.toUpperCase() ?? 'FULL') as SqliteSynchronous,
      eventstoreUrl: variables.EVENTSTORE_URL,
      ...(variables.POSTGRES_URL ? { postgresUrl: variables.POSTGRES_URL, postgresSchema: variables.POSTGRES_SCHEMA ?? `linchpin_${serviceName}` } : {}),
      kafkaBrokers: variables.KAFKA_BROKERS ? splitList(variables.KAFKA_BROKERS) : undefined,
      kafkaTopicPrefix: variables.KAFKA_TOPIC_PREFIX ?? '',
      ...(variables.KAFKA_SESSION_TIMEOUT_MS ? { kafkaSessionTimeoutMs: Number(variables.KAFKA_SESSION_TIMEOUT_MS) } : {}),
      ...(variables.KAFKA_FETCH_MAX_WAIT_MS ? { kafkaFetchMaxWaitMs: Number(variables.KAFKA_FETCH_MAX_WAIT_MS) } : {}),
      ...(variables.KAFKA_PARTITIONS ? { kafkaPartitions: Number(variables.KAFKA_PARTITIONS) } : {}),
      ...(variables.KAFKA_REPLICATION_FACTOR ? { kafkaReplicationFactor: Number(variables.KAFKA_REPLICATION_FACTOR) } : {}),
      ...(variables.RELAY_IDLE_WAIT_MS ? { relayIdleWaitMs: Number(variables.RELAY_IDLE_WAIT_MS) } : {}),
      logLevel: (variables.LOG_LEVEL?.toLowerCase() ?? 'info') as LogLevel,
      outboundAllowCidrs: variables.OUTBOUND_ALLOW_CIDRS ? splitList(variables.OUTBOUND_ALLOW_CIDRS) : [],
      testClock: isTestClockOn(env),
      access: accessSettingsOf(env),
      publicUrl: publicUrlOf(variables.LINCHPIN_PUBLIC_URL, port),
      links: {
        ...(variables.LINCHPIN_LINK_SECRET ? { secret: variables.LINCHPIN_LINK_SECRET } : {}),
        ttlHours: variables.LINCHPIN_LINK_TTL_HOURS ? Number(variables.LINCHPIN_LINK_TTL_HOURS) : DEFAULT_LINK_TTL_HOURS,
      },
    },
    env,
    serviceVariables,
  );
}
