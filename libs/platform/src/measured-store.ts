import { Injectable, Logger } from '@nestjs/common';
import { CheckpointStore, EventEnvelope, EventStore } from '@linchpin/eventsourcing';
import { Metrics } from './metrics';

/** Seconds; from a cached SQLite read (well under a millisecond) to a PostgreSQL append waiting on a busy server. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The port's methods that reach the storage, by their `operation` label. */
const OPERATIONS: ReadonlyMap<PropertyKey, string> = new Map([
  ['append', 'append'],
  ['readStream', 'read_stream'],
  ['readAll', 'read_all'],
  ['count', 'count'],
  ['holdLease', 'hold_lease'],
  ['load', 'checkpoint_load'],
  ['save', 'checkpoint_save'],
]);

export type AppendListener = (stream: string, events: readonly EventEnvelope[]) => void;

/**
 * The events this process has just appended, told once each, when the store has them: where a context
 * counts what it decided (escalations, acknowledgements) without counting it again when a projection
 * replays the log at the next start, or when a redelivered message decides the same events (an append
 * that found them stored tells nothing). Replicas each tell their own appends, so a sum over replicas
 * counts each event once.
 */
@Injectable()
export class RecordedAppends {
  private readonly logger = new Logger('RecordedAppends');
  private readonly listeners = new Set<AppendListener>();

  /** Returns the unsubscribe. A listener that throws is logged; the append it heard of stands. */
  on(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  told(stream: string, events: readonly EventEnvelope[]): void {
    for (const listener of this.listeners) {
      try {
        listener(stream, events);
      } catch (error) {
        this.logger.warn(`a listener of ${stream}'s append failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/**
 * The store as the application sees it: every call that reaches the storage timed in
 * `linchpin_store_operation_duration_seconds{operation,outcome}`, and every append that stored
 * something told to `appends`. A Proxy rather than a class listing the port: whatever else an adapter
 * has (onAppend, shared, holdLease, writeCounters, close, and methods added later) passes through as it
 * is, present or absent, so nothing checked by shape (`'holdLease' in store`) changes.
 */
export function measuredStore<S extends EventStore & CheckpointStore>(store: S, metrics: Metrics, appends?: RecordedAppends): S {
  const duration = metrics.histogram<'operation' | 'outcome'>({
    name: 'linchpin_store_operation_duration_seconds',
    help: 'Time the event store took to answer, by operation (append, read_stream, read_all, count, hold_lease, checkpoint_load, checkpoint_save) and outcome (ok, error)',
    labelNames: ['operation', 'outcome'],
    buckets: STORE_BUCKETS,
  });
  const timed = async <R>(operation: string, call: () => Promise<R>): Promise<R> => {
    const end = duration.startTimer({ operation });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: 'error' });
      throw error;
    }
  };
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      const operation = OPERATIONS.get(property);
      if (!operation) return method.bind(target);
      if (property === 'append') {
        return async (stream: string, events: EventEnvelope[], expected: unknown) => {
          const result = await timed(operation, () => store.append(stream, events, expected as never));
          if (!result.alreadyStored) appends?.told(stream, events);
          return result;
        };
      }
      return (...args: unknown[]) => timed(operation, () => method.apply(target, args) as Promise<unknown>);
    },
  });
}
