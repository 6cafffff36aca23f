import { BeforeApplicationShutdown, DynamicModule, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { LinchpinConfig } from './linchpin-config';
import { Metrics } from './metrics';
import { measureRelayLag } from './relay.metrics';
import {
  CHECKPOINT_STORE,
  CheckpointStore,
  EVENT_STORE,
  EventStore,
  MESSAGE_BUS,
  MessageBus,
  Position,
  Relay,
  topicOf,
  wroteAny,
} from '@linchpin/eventsourcing';

export interface RelayFeatureOptions {
  /** The service's context, e.g. `detection`: the topic is `topicOf(context)`. */
  context: string;
  /** The service's own streams, e.g. [`alert-`, `detection-`]. */
  streamPrefixes: string[];
  /** The relay's poll when no append notification came; RELAY_IDLE_WAIT_MS (LinchpinConfig) when omitted. */
  idleWaitMs?: number;
}

/** Token of one context's relay, for code that wants to `nudge()` it after an append. */
export const relayToken = (context: string): string => `linchpin:Relay:${context}`;

/**
 * Starts the relay once every module is initialised: services subscribe to the bus in onModuleInit,
 * and the in-process bus keeps no history, so publishing earlier would lose messages.
 * Stops it before shutdown hooks close the store and the bus.
 */
class RelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopWaking?: () => Promise<void>;
  /** The relays on this bus, this one included: see drain. */
  private readonly peers: Set<RelayLifecycle>;

  constructor(
    private readonly relay: Relay,
    private readonly logger: Logger,
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly wake: { name: string; streamPrefixes: string[] },
    private readonly bus: MessageBus,
  ) {
    this.peers = relaysOn.get(bus) ?? new Set();
    relaysOn.set(bus, this.peers.add(this));
  }

  /**
   * Every hop of alert → page passes one relay; waiting out its idle poll (up to 20 ms) at each hop
   * was a large share of the end-to-end latency (bench suite `alert-to-page`). So the relay is
   * nudged on each local append: by the store's append notice when it has one (SQLite, in-memory,
   * PostgreSQL), and where other processes write too (EventStoreDB, PostgreSQL's replicas) by a live
   * subscription to the relay's streams from its checkpoint. The poll stays as the fallback if either stops.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.relay.start();
    const unsubscribe = this.store.onAppend?.((streams) => wroteAny(streams, this.wake.streamPrefixes) && this.relay.nudge());
    this.stopWaking = async () => unsubscribe?.();
    // On a shared store the replica publishing may not be the one that appended: it follows the others' appends too.
    if (unsubscribe && !this.store.shared) return;
    const appends = this.store.subscribeAll(
      {
        after: await this.checkpoints.load(this.wake.name),
        filter: { streamPrefixes: this.wake.streamPrefixes },
        onError: (error) =>
          this.logger.warn(`append notifications stopped; the relay falls back to polling: ${(error as Error)?.message ?? error}`),
      },
      () => this.relay.nudge(),
    );
    this.stopWaking = async () => {
      unsubscribe?.();
      await appends.stop();
    };
  }

  /**
   * Graceful: HTTP no longer takes commands (StopTakingRequests, onModuleDestroy), so the relay first
   * publishes what was stored up to now (every command answered 202, every reaction stored), then
   * stops. Without the drain, stopping ended its loop after the batch in hand, and whatever was
   * appended meanwhile waited for the service to come back.
   * A publish to an unreachable broker can retry for long: the drain and the stop each wait only so
   * long, then the bus is closed under it. The checkpoint was not saved, so the next start republishes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stopWaking?.();
    const drained = await this.drain(Date.now() + RELAY_DRAIN_TIMEOUT_MS).catch((error: unknown) => {
      this.logger.warn(`could not tell whether everything was published: ${(error as Error)?.message ?? error}`);
      return false;
    });
    if (!drained) this.logger.warn(`relay did not publish everything stored within ${RELAY_DRAIN_TIMEOUT_MS} ms; the next start publishes the rest`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), RELAY_STOP_TIMEOUT_MS)));
    const gaveUp = await Promise.race([this.relay.stop().then(() => false), timedOut]);
    clearTimeout(timer);
    this.peers.delete(this);
    if (gaveUp) this.logger.warn(`relay did not stop within ${RELAY_STOP_TIMEOUT_MS} ms; shutting down anyway`);
  }

  /**
   * Nudges the relays until each one's saved checkpoint is past the last event of its streams (it saves
   * at least every 200 ms while it runs) and this process's consumer groups have no lag (its own reactors
   * read what it published: detection opens the incident of an alert it just published), or until the
   * deadline. True when nothing is left to publish.
   * Every relay on the bus is waited for, not only this one: in the standalone process a reactor fed by
   * one relay stores events another publishes, and a relay that stopped first left them for the next start.
   * The streams are read again after the lag: a reactor that handled its last message between the first
   * read and the lag appended events nobody published, and a SIGTERM'd detection left two incidents
   * unpaged until it came back (an end-to-end test caught it).
   */
  private async drain(deadline: number): Promise<boolean> {
    for (;;) {
      const relays = [...this.peers];
      const checkpoints = await Promise.all(relays.map((r) => r.published()));
      const allPublished = async () => (await Promise.all(relays.map((r, i) => r.nothingAfter(checkpoints[i])))).every(Boolean);
      if ((await allPublished()) && (await caughtUp(this.bus)) && (await allPublished())) return true;
      if (Date.now() >= deadline) return false;
      relays.forEach((r) => r.relay.nudge());
      await new Promise((resolve) => setTimeout(resolve, RELAY_DRAIN_POLL_MS));
    }
  }

  private published(): Promise<Position | undefined> {
    return this.checkpoints.load(this.wake.name);
  }

  private async nothingAfter(after: Position | undefined): Promise<boolean> {
    return (await this.store.readAll({ after, filter: { streamPrefixes: this.wake.streamPrefixes }, limit: 1 })).length === 0;
  }
}

/** The relays of each bus: those of one process (one app), whose shutdown drains them together. */
const relaysOn = new WeakMap<MessageBus, Set<RelayLifecycle>>();

/** A group not in its group (joining, down) has no lag to wait for. */
async function caughtUp(bus: MessageBus): Promise<boolean> {
  const health = await bus.health?.();
  return !health || health.consumers.every((c) => (c.lag ?? 0) === 0);
}

const RELAY_STOP_TIMEOUT_MS = 5000;
const RELAY_DRAIN_TIMEOUT_MS = 5000;
const RELAY_DRAIN_POLL_MS = 25;

/** The relay retries every few ms while the broker is down: log a changed error at once, a repeated one every 30 s. */
function throttledErrorLog(logger: Logger): (error: unknown) => void {
  let last = '';
  let lastAt = 0;
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const now = Date.now();
    if (message === last && now - lastAt < 30_000) return;
    last = message;
    lastAt = now;
    logger.error(`publishing failed, will retry from the checkpoint: ${message}`);
  };
}

@Module({})
export class RelayModule {
  static forFeature(options: RelayFeatureOptions): DynamicModule {
    const token = relayToken(options.context);
    const name = `relay:${options.context}`;
    const logger = new Logger(`Relay:${options.context}`);
    const logError = throttledErrorLog(logger);
    return {
      module: RelayModule,
      providers: [
        {
          provide: token,
          inject: [EVENT_STORE, MESSAGE_BUS, CHECKPOINT_STORE, { token: LinchpinConfig, optional: true }],
          useFactory: (store: EventStore, bus: MessageBus, checkpoints: CheckpointStore, config?: LinchpinConfig) =>
            new Relay({
              name,
              store,
              bus,
              checkpoints,
              streamPrefixes: options.streamPrefixes,
              topic: topicOf(options.context),
              idleWaitMs: options.idleWaitMs ?? config?.relayIdleWaitMs,
              onError: logError,
            }),
        },
        { provide: Relay, useExisting: token },
        {
          provide: `${token}:lifecycle`,
          inject: [token, EVENT_STORE, CHECKPOINT_STORE, MESSAGE_BUS],
          useFactory: (relay: Relay, store: EventStore, checkpoints: CheckpointStore, bus: MessageBus) =>
            new RelayLifecycle(relay, logger, store, checkpoints, { name, streamPrefixes: options.streamPrefixes }, bus),
        },
        {
          provide: `${token}:metrics`,
          inject: [EVENT_STORE, CHECKPOINT_STORE, { token: Metrics, optional: true }],
          useFactory: (store: EventStore, checkpoints: CheckpointStore, metrics?: Metrics) =>
            metrics && measureRelayLag(metrics, { context: options.context, name, streamPrefixes: options.streamPrefixes, store, checkpoints }),
        },
      ],
      exports: [token, Relay],
    };
  }
}
