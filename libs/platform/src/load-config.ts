import { plainToInstance } from 'class-transformer';
import { IsOptional, Matches, ValidateBy, ValidationOptions, validateSync } from 'class-validator';
import { KAFKA_SESSION_TIMEOUT_RANGE_MS, LOG_LEVELS, LinchpinConfig, LogLevel, SqliteSynchronous } from './linchpin-config';
import { parseCidr } from './outbound/address-policy';

const PORT_REASON = 'must be an integer between 1 and 65535';

function IsPortNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPortNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^\d{1,5}$/.test(value) && +value >= 1 && +value <= 65535,
      },
    },
    options,
  );
}

function IsBrokerList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBrokerList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && splitList(value).length > 0 && splitList(value).every((b) => /^[^\s:,/]+:\d{1,5}$/.test(b)),
      },
    },
    options,
  );
}

function IsIntegerBetween(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIntegerBetween',
      validator: { validate: (value: unknown) => typeof value === 'string' && /^\d{1,9}$/.test(value) && +value >= min && +value <= max },
    },
    options,
  );
}

function IsCidrList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCidrList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          splitList(value).every((cidr) => {
            try {
              parseCidr(cidr);
              return true;
            } catch {
              return false;
            }
          }),
      },
    },
    options,
  );
}

const { min: SESSION_MIN, max: SESSION_MAX } = KAFKA_SESSION_TIMEOUT_RANGE_MS;

/** The raw variables, named as the operator writes them, so each message names the variable. */
class EnvironmentVariables {
  @IsOptional() @IsPortNumber({ message: PORT_REASON }) PORT?: string;
  @IsOptional() @Matches(/^\S+$/, { message: 'must be a host name or an IP address' }) HOST?: string;
  @IsOptional() @Matches(/\S/, { message: 'must be a file path' }) SQLITE_PATH?: string;
  @IsOptional() @Matches(/^(full|normal)$/i, { message: 'must be FULL or NORMAL' }) SQLITE_SYNCHRONOUS?: string;
  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, { message: 'must be an EventStoreDB connection string such as esdb://localhost:2113?tls=false' })
  EVENTSTORE_URL?: string;
  @IsOptional() @IsBrokerList({ message: 'must be a comma-separated list of host:port' }) KAFKA_BROKERS?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9._-]+$/, { message: 'may hold only letters, digits, dots, underscores and dashes' })
  KAFKA_TOPIC_PREFIX?: string;
  @IsOptional()
  @IsIntegerBetween(SESSION_MIN, SESSION_MAX, {
    message: `must be a whole number of milliseconds between ${SESSION_MIN} and ${SESSION_MAX} (the broker's default group session bounds)`,
  })
  KAFKA_SESSION_TIMEOUT_MS?: string;
  @IsOptional()
  @Matches(new RegExp(`^(${LOG_LEVELS.join('|')})$`, 'i'), { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: string;
  @IsOptional()
  @IsCidrList({ message: 'must be a comma-separated list of CIDR ranges such as 127.0.0.0/8,10.20.0.0/16,fd00::/8' })
  OUTBOUND_ALLOW_CIDRS?: string;
}

const VARIABLES = [
  'PORT',
  'HOST',
  'SQLITE_PATH',
  'SQLITE_SYNCHRONOUS',
  'EVENTSTORE_URL',
  'KAFKA_BROKERS',
  'KAFKA_TOPIC_PREFIX',
  'KAFKA_SESSION_TIMEOUT_MS',
  'LOG_LEVEL',
  'OUTBOUND_ALLOW_CIDRS',
] as const;

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

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * Reads and validates the platform's variables. Pure: pass `env` in tests. An empty variable counts
 * as unset, so `KAFKA_BROKERS=` in a compose file means "no Kafka".
 */
export function loadConfig(
  serviceName: string,
  defaultPort: number,
  env: Readonly<Record<string, string | undefined>> = process.env,
): LinchpinConfig {
  const raw: Record<string, string> = {};
  for (const name of VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  const variables = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(variables, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigurationError(
      errors.map((error) => ({
        variable: error.property,
        reason: Object.values(error.constraints ?? {})[0] ?? 'is invalid',
        value: String(error.value),
      })),
    );
  }
  return new LinchpinConfig(
    {
      serviceName,
      port: variables.PORT ? Number(variables.PORT) : defaultPort,
      host: variables.HOST ?? '127.0.0.1',
      sqlitePath: variables.SQLITE_PATH ?? `./data/${serviceName}.db`,
      sqliteSynchronous: (variables.SQLITE_SYNCHRONOUS?.toUpperCase() ?? 'FULL') as SqliteSynchronous,
      eventstoreUrl: variables.EVENTSTORE_URL,
      kafkaBrokers: variables.KAFKA_BROKERS ? splitList(variables.KAFKA_BROKERS) : undefined,
      kafkaTopicPrefix: variables.KAFKA_TOPIC_PREFIX ?? '',
      ...(variables.KAFKA_SESSION_TIMEOUT_MS ? { kafkaSessionTimeoutMs: Number(variables.KAFKA_SESSION_TIMEOUT_MS) } : {}),
      logLevel: (variables.LOG_LEVEL?.toLowerCase() ?? 'info') as LogLevel,
      outboundAllowCidrs: variables.OUTBOUND_ALLOW_CIDRS ? splitList(variables.OUTBOUND_ALLOW_CIDRS) : [],
    },
    env,
  );
}
