import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, RequestMethod } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import {
  CHECKPOINT_STORE,
  CLOCK,
  CheckpointStore,
  Clock,
  EVENT_STORE,
  EventStore,
  MESSAGE_BUS,
  MessageBus,
  MovableClock,
  isAdjustableClock,
  systemClock,
} from '@linchpin/eventsourcing';
import { LoggerModule } from 'nestjs-pino';
import { DestinationStream, stdSerializers } from 'pino';
import type { Options } from 'pino-http';
import type { IncomingMessage } from 'http';
import { createEventStore, createMessageBus } from './default-adapters';
import { ApiTokensModule } from './access/api-tokens.module';
import { HealthModule } from './health.module';
import { MetricsModule } from './metrics.module';
import { LinchpinConfig } from './linchpin-config';
import { publicUrlWarning } from './links/link-settings';
import { SignedLinks } from './links/signed-links';
import { loadConfig } from './load-config';
import { OutboundGuard } from './outbound';
import { REDACTED, redactSecrets, redactUrl } from './redaction';
import { requestIdOf } from './request-id';
import { logContextMixin, requestLogProps } from './log-context';
import { flushTraces } from './tracing/start-tracing';
import { ServiceDefinition } from './service-definition';
import { StopTakingRequests } from './stop-taking-requests';
import { StoreMetrics } from './store-metrics';
import { Metrics } from './metrics';
import { BusMetrics } from './bus.metrics';
import { TimerMetrics } from './timer.metrics';
import { RecordedAppends, measuredStore } from './measured-store';
import { isTestClockOn } from './test-clock';
import { TestClockController } from './test-clock.controller';

export interface InfrastructureOptions {
  service: ServiceDefinition;
  /** Overrides (tests): used as given, and closed by whoever made them, not by this module. */
  store?: EventStore & CheckpointStore;
  bus?: MessageBus;
  /** With LINCHPIN_TEST_CLOCK=1, used as the test clock when it can be moved (a ManualClock, a MovableClock). */
  clock?: Clock;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/**
 * The service's clock: the system's (or the one given), or with LINCHPIN_TEST_CLOCK=1 one that
 * `PUT /testing/clock` moves (the one given if it can be moved, else a MovableClock on system time).
 */
function clockFor(config: LinchpinConfig, given?: Clock): Clock {
  if (!config.testClock) return given ?? systemClock;
  const clock = given && isAdjustableClock(given) ? given : new MovableClock();
  new Logger('Infrastructure').warn('LINCHPIN_TEST_CLOCK=1: an admin can move the clock through PUT /testing/clock (its timers fire); never run so in production');
  return clock;
}

/** What the validated config should make the operator look at, said once per app when it is loaded. */
function withStartWarnings(config: LinchpinConfig): LinchpinConfig {
  const warning = publicUrlWarning(process.env, config.publicUrl);
  if (warning) new Logger('Links').warn(warning);
  return config;
}

/** The ServiceDefinition given to `forRoot`, injectable for code that needs the service's name or title. */
export const SERVICE_DEFINITION = 'linchpin:ServiceDefinition';
const INFRASTRUCTURE = 'linchpin:Infrastructure';
const CLOSE_TIMEOUT_MS = 5000;

interface Infrastructure {
  store: EventStore & CheckpointStore;
  bus: MessageBus;
  ownsStore: boolean;
  ownsBus: boolean;
}

/** Closes what this module opened: the bus first (its consumers write to the store), then the store; sends the spans still queued. */
@Injectable()
class InfrastructureLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');
  constructor(@Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure) {}

  // onApplicationShutdown runs after every beforeApplicationShutdown, where relays stop.
  async onApplicationShutdown(): Promise<void> {
    const { bus, store, ownsBus, ownsStore } = this.infrastructure;
    if (ownsBus) await this.closeWithin('bus', () => bus.close());
    if (ownsStore) await this.closeWithin('store', () => store.close());
    await this.closeWithin('trace exporter', flushTraces);
  }

  /** A client still retrying an unreachable server (kafkajs does for ~25 s) must not hold the shutdown. */
  private async closeWithin(what: string, close: () => Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS)));
    try {
      const outcome = await Promise.race([close().then(() => 'closed' as const), timedOut]);
      if (outcome === 'timeout') this.logger.warn(`the ${what} did not close within ${CLOSE_TIMEOUT_MS} ms; shutting down anyway`);
    } catch (error) {
      this.logger.error(`closing the ${what}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * No secret in a log line (redaction.ts): one short line per request whose URL has its integration key, URL
 * credentials and secret query values masked (headers, which carry tokens, are not logged); free text (messages,
 * errors' messages and stacks) masked the same way; fields named like a credential masked wherever they appear.
 */
const secretsOutOfLogs: Pick<Options, 'serializers' | 'redact' | 'hooks'> = {
  serializers: {
    req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
    res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    err: (error: Error) => {
      const serialized = stdSerializers.err(error);
      return { ...serialized, message: redactSecrets(serialized.message ?? ''), stack: redactSecrets(serialized.stack ?? '') };
    },
  },
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', ...['authorization', 'token', 'secret', 'password', 'routing_key', 'webhookUrl'].flatMap((name) => [name, `*.${name}`])],
    censor: (value: unknown) => (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? redactUrl(value) : REDACTED),
  },
  hooks: {
    logMethod(args, method) {
      const masked: unknown[] = args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg));
      // Without a message pino takes an error's own (`logger.error(err)`, `{ err }`) after this hook: give it the masked one.
      const error = masked[0] instanceof Error ? masked[0] : (masked[0] as { err?: unknown } | undefined)?.err;
      if (masked.length === 1 && error instanceof Error) masked.push(redactSecrets(error.message));
      method.apply(this, masked as Parameters<typeof method>);
    },
  },
};

// Probes and scrapes come every few seconds: an access line each would drown the rest.
const ignoredForAccessLog = (request: IncomingMessage): boolean => (request.url ?? '').startsWith('/health/') || request.url === '/metrics';

/**
 * Config (with the typed settings the service lists), logging, health, metrics, the outbound guard, signed links, the API token directory and the kernel's ports (EVENT_STORE, CHECKPOINT_STORE, MESSAGE_BUS, CLOCK)
 * for the whole application. Import once, in the root module.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    const { service } = options;
    const settings = service.settings ?? [];
    return {
      module: InfrastructureModule,
      global: true,
      // Read when the module is declared (the process's environment); the route refuses too if the validated config disagrees.
      controllers: isTestClockOn(process.env) ? [TestClockController] : [],
      imports: [
        LoggerModule.forRootAsync({
          inject: [LinchpinConfig],
          useFactory: (config: LinchpinConfig) => {
            const pinoHttp: Options = {
              level: config.logLevel,
              base: { service: config.serviceName },
              // Fastify's id (requestIdOf: the client's sane X-Request-Id, else a new one), which middie copies to the raw request.
              genReqId: (request: IncomingMessage & { id?: unknown }) => (typeof request.id === 'string' ? request.id : requestIdOf(request)),
              // Above info the access line is dropped anyway: skip its per-request bookkeeping too.
              autoLogging: ['trace', 'debug', 'info'].includes(config.logLevel) ? { ignore: ignoredForAccessLog } : false,
              ...secretsOutOfLogs,
              // Request, incident, correlation and trace ids on the lines they concern (log-context.ts).
              customProps: requestLogProps,
              mixin: logContextMixin,
            };
            return { forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }], pinoHttp: options.logDestination ? [pinoHttp, options.logDestination] : pinoHttp };
          },
        }),
        HealthModule,
        MetricsModule,
        // TimerMetrics finds every DurableTimers among the application's providers.
        DiscoveryModule,
        // Every process checks presented API tokens against its own projection of coordination's.
        ApiTokensModule.forService(service),
      ],
      providers: [
        { provide: SERVICE_DEFINITION, useValue: service },
        { provide: LinchpinConfig, useFactory: () => withStartWarnings(loadConfig(service)) },
        ...settings.map((own) => ({ provide: own.token, inject: [LinchpinConfig], useFactory: (config: LinchpinConfig) => config.settingsOf(own) })),
        {
          provide: INFRASTRUCTURE,
          inject: [LinchpinConfig, Metrics, RecordedAppends],
          // A test's own store is measured too: the metrics and the appends told are the application's, whoever made the store.
          useFactory: (config: LinchpinConfig, metrics: Metrics, appends: RecordedAppends): Infrastructure => ({
            store: measuredStore(options.store ?? createEventStore(config), metrics, appends),
            bus: options.bus ?? createMessageBus(config),
            ownsStore: !options.store,
            ownsBus: !options.bus,
          }),
        },
        { provide: EVENT_STORE, inject: [INFRASTRUCTURE], useFactory: (i: Infrastructure) => i.store },
        { provide: CHECKPOINT_STORE, useExisting: EVENT_STORE },
        { provide: MESSAGE_BUS, inject: [INFRASTRUCTURE], useFactory: (i: Infrastructure) => i.bus },
        { provide: CLOCK, inject: [LinchpinConfig], useFactory: (config: LinchpinConfig) => clockFor(config, options.clock) },
        { provide: OutboundGuard, inject: [LinchpinConfig], useFactory: (config: LinchpinConfig) => new OutboundGuard({ allowCidrs: config.outboundAllowCidrs }) },
        SignedLinks,
        InfrastructureLifecycle,
        StopTakingRequests,
        StoreMetrics,
        RecordedAppends,
        BusMetrics,
        TimerMetrics,
      ],
      exports: [RecordedAppends, LinchpinConfig, ...settings.map((own) => own.token), SERVICE_DEFINITION, EVENT_STORE, CHECKPOINT_STORE, MESSAGE_BUS, CLOCK, OutboundGuard, SignedLinks, ApiTokensModule],
    };
  }
}
