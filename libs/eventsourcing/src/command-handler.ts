import { executeCommand, ExecutionResult, loadState } from './command-execution';
import { Decider } from './decider';
import { EventEnvelope, RecordedEvent } from './event';
import { EventStore } from './event-store.port';
import { KeyedLock } from './keyed-lock';
import { StateCache } from './state-cache';

export interface CommandHandlerOptions {
  /** Raises a stored event to the version the decider knows (the contracts' `upcast`). */
  upcast?: (event: RecordedEvent) => RecordedEvent;
  /** Reload-and-retry attempts after a concurrency conflict (default 5). */
  retries?: number;
  /** Keep each stream's folded state between commands, so a command reads only what was appended since. */
  cacheStates?: boolean;
  /** Commands on one stream in this process take turns instead of racing for its revision. */
  takeTurns?: boolean;
}

/** A decision about to be appended: the command as decided, the state it was decided on, the events. */
export interface Decision<TCommand, TState, TEvent> {
  command: TCommand;
  state: TState;
  events: TEvent[];
}

/** Steps a handler may add around one decision; each runs again when a conflict makes it decide again. */
export interface DecisionHooks<TCommand, TState, TEvent> {
  /** Completes the command from the state it is about to be decided on (may read elsewhere, e.g. to choose an incident). */
  prepare?: (command: TCommand, state: TState) => TCommand | Promise<TCommand>;
  /** Runs after deciding and before appending, when there is something to append. */
  beforeAppend?: (decision: Decision<TCommand, TState, TEvent>) => Promise<void>;
}

/** A decider bound to its streams: handlers say what they decide, never where it is stored. */
export interface CommandHandler<TCommand, TState, TEvent extends EventEnvelope, TKey> {
  readonly decider: Decider<TCommand, TState, TEvent>;
  streamOf(key: TKey): string;
  /** Load, (prepare,) decide, append at the revision read; on a conflict, reload and decide again. */
  handle(store: EventStore, command: TCommand, hooks?: DecisionHooks<TCommand, TState, TEvent>): Promise<ExecutionResult<TState, TEvent>>;
  /** The stream's state as the decider folds it. */
  load(store: EventStore, key: TKey): Promise<TState>;
}

/** State kept per store: tests (and a process) may hold several stores, and a folded state belongs to one. */
interface PerStore<TState> {
  cache?: StateCache<TState>;
  lock?: KeyedLock;
}

/**
 * Binds a decider to its stream once (`toStreamId` takes the command, or any key with the fields it
 * reads), with the upcasting, retries, cache and turns its streams need.
 */
export function commandHandler<TCommand extends TKey, TState, TEvent extends EventEnvelope, TKey = TCommand>(
  decider: Decider<TCommand, TState, TEvent>,
  toStreamId: (key: TKey) => string,
  options: CommandHandlerOptions = {},
): CommandHandler<TCommand, TState, TEvent, TKey> {
  const perStore = new WeakMap<EventStore, PerStore<TState>>();
  const of = (store: EventStore): PerStore<TState> => {
    let kept = perStore.get(store);
    if (!kept) {
      kept = { ...(options.cacheStates ? { cache: new StateCache<TState>() } : {}), ...(options.takeTurns ? { lock: new KeyedLock() } : {}) };
      perStore.set(store, kept);
    }
    return kept;
  };
  const { upcast } = options;
  const map = upcast && ((event: RecordedEvent): EventEnvelope => upcast(event));

  return {
    decider,
    streamOf: toStreamId,
    handle(store, command, hooks = {}) {
      const { cache, lock } = of(store);
      return executeCommand(store, toStreamId(command), decider, command, { retries: options.retries, map, cache, lock, ...hooks });
    },
    async load(store, key) {
      return (await loadState(store, toStreamId(key), decider, { map, cache: of(store).cache })).state;
    },
  };
}
