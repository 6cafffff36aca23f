import { Position, RecordedEvent } from './event';
import { CheckpointStore, EventStore } from './event-store.port';
import { MessageBus } from './message-bus.port';
import { publishTraced } from './trace-context';

export interface RelayOptions {
  /** Checkpoint name, e.g. `relay:detection`. */
  name: string;
  store: EventStore;
  bus: MessageBus;
  checkpoints: CheckpointStore;
  /** The service's own streams, e.g. [`alert-`, `detection-`]. */
  streamPrefixes: string[];
  topic: string;
  batchSize?: number;
  idleWaitMs?: number;
  /** Least time between two checkpoint saves; the last position is always saved on stop. Default 200 ms. */
  checkpointIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export const partitionKeyOf = (event: RecordedEvent): string => event.metadata.incidentId ?? event.streamId;

/**
 * Publishes what a service stored by following its own streams from a persisted checkpoint.
 * The checkpoint moves only after the bus accepted the batch: a crash republishes, never skips
 * (consumers are idempotent). Request handlers never write to the bus themselves.
 *
 * Replicas on shared storage run one relay at a time: it publishes only while it holds the store's
 * lease named after its checkpoint (docs/architecture.md#replicas), and a replica that takes the
 * lease over starts from the checkpoint its predecessor saved.
 */
export class Relay {
  private stopped = true;
  private running?: Promise<void>;
  private wakeUp?: () => void;
  /**
   * A nudge that came while the loop was reading or publishing: the read in flight may have
   * missed that append, so the loop reads again at once instead of sleeping through it.
   */
  private nudged = false;

  constructor(private readonly options: RelayOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Skip the idle wait: something was just appended. */
  nudge(): void {
    this.nudged = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { store, bus, checkpoints, name, topic, streamPrefixes } = this.options;
    let leading = false;
    let after: Position | undefined;
    let saved: Position | undefined;
    let savedAt = 0;
    // Saving is a durable write of its own; at most one per interval keeps it off the hot path.
    // A crash republishes what came after the saved position, which consumers absorb.
    const saveCheckpoint = async (force: boolean) => {
      if (after === saved || (!force && Date.now() - savedAt < (this.options.checkpointIntervalMs ?? 200))) return;
      await checkpoints.save(name, after!);
      saved = after;
      savedAt = Date.now();
    };
    while (!this.stopped) {
      this.nudged = false;
      let failed = false;
      try {
        // A lease that could not be checked is not held: taking it again reloads the checkpoint.
        const holds = store.holdLease ? await store.holdLease(name).catch((error: unknown) => ((leading = false), Promise.reject(error))) : true;
        if (holds && !leading) {
          after = saved = await checkpoints.load(name);
          savedAt = 0;
        }
        leading = holds;
        if (!leading) {
          await this.idle(false);
          continue;
        }
        const batch = await store.readAll({ after, filter: { streamPrefixes }, limit: this.options.batchSize ?? 500 });
        if (batch.length > 0) {
          await publishTraced(bus, topic, batch.map((event) => ({ key: partitionKeyOf(event), event })));
          after = batch[batch.length - 1].position;
          await saveCheckpoint(false);
          continue;
        }
        await saveCheckpoint(false);
      } catch (error) {
        // Broker or store down: keep the checkpoint where it is and try again after the wait.
        failed = true;
        this.options.onError?.(error);
      }
      // After a failure the wait is a back-off: appends must not turn it into a busy retry loop.
      if (this.nudged && !failed) continue;
      await this.idle(true);
    }
    if (leading) await saveCheckpoint(true).catch((error) => this.options.onError?.(error));
  }

  /** The idle wait; a follower's is not cut short by this process's appends, which its leader publishes. */
  private async idle(wakeable: boolean): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.options.idleWaitMs ?? 20);
      this.wakeUp = () => {
        if (!wakeable && !this.stopped) return;
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
  }
}
