import type { DecisionHooks } from './command-handler';
import { Decider } from './decider';
import { ConcurrencyError } from './errors';
import { EventEnvelope, RecordedEvent } from './event';
import { AppendResult, EventStore } from './event-store.port';
import { KeyedLock } from './keyed-lock';
import { StateCache } from './state-cache';
import { withActiveTraceContext } from './trace-context';

export interface ExecutionResult<TState, TEvent> {
  events: TEvent[];
  state: TState;
  append?: AppendResult;
}

export interface ExecuteOptions<TState = unknown, TCommand = unknown, TEvent = unknown> extends DecisionHooks<TCommand, TState, TEvent> {
  /** Reload-and-retry attempts after a concurrency conflict. */
  retries?: number;
  /** Convert stored events (already upcast) to the decider's event type. */
  map?: (event: RecordedEvent) => EventEnvelope;
  /** Folded states kept between commands: only events appended since are read. */
  cache?: StateCache<TState>;
  /** Commands on one stream in this process take turns instead of racing. */
  lock?: KeyedLock;
}

/**
 * A stream folded with the decider's `evolve` (only what is new beyond the cached state, when a
 * cache is given; the cache is then brought up to date), and the revision it was read at.
 */
export async function loadState<TState, TEvent extends EventEnvelope>(
  store: EventStore,
  stream: string,
  decider: Pick<Decider<unknown, TState, TEvent>, 'evolve' | 'initialState'>,
  options: Pick<ExecuteOptions<TState>, 'map' | 'cache'> = {},
): Promise<{ state: TState; revision: number | undefined }> {
  const cached = options.cache?.get(stream);
  const history = await store.readStream(stream, cached ? cached.revision + 1 : 0);
  const state = history.reduce(
    (s, e) => decider.evolve(s, (options.map ? options.map(e) : e) as TEvent),
    cached ? cached.state : decider.initialState,
  );
  const revision = history.length > 0 ? history[history.length - 1].revision : cached?.revision;
  if (revision !== undefined) options.cache?.set(stream, { state, revision });
  return { state, revision };
}

/**
 * Load a stream, fold it, decide, append with the revision read. On conflict, reload and
 * decide again (a bounded number of times): the command is judged against the newest state.
 */
export function executeCommand<TCommand, TState, TEvent extends EventEnvelope>(
  store: EventStore,
  stream: string,
  decider: Decider<TCommand, TState, TEvent>,
  command: TCommand,
  options: ExecuteOptions<TState, TCommand, TEvent> = {},
): Promise<ExecutionResult<TState, TEvent>> {
  const execute = () => decideAndAppend(store, stream, decider, command, options);
  return options.lock ? options.lock.run(stream, execute) : execute();
}

async function decideAndAppend<TCommand, TState, TEvent extends EventEnvelope>(
  store: EventStore,
  stream: string,
  decider: Decider<TCommand, TState, TEvent>,
  command: TCommand,
  options: ExecuteOptions<TState, TCommand, TEvent>,
): Promise<ExecutionResult<TState, TEvent>> {
  const retries = options.retries ?? 5;
  const { cache, prepare, beforeAppend } = options;
  for (let attempt = 0; ; attempt++) {
    const { state, revision } = await loadState(store, stream, decider, options);
    const decided = prepare ? await prepare(command, state) : command;
    // The trace context of the request or message being handled rides in the events' metadata (trace-context.ts).
    const events = withActiveTraceContext(decider.decide(decided, state));
    if (events.length === 0) return { events, state };
    if (beforeAppend) await beforeAppend({ command: decided, state, events });
    try {
      const append = await store.append(stream, events, revision ?? 'no_stream');
      const next = events.reduce(decider.evolve, state);
      if (!append.alreadyStored) cache?.set(stream, { state: next, revision: append.nextExpectedRevision });
      return { events, state: next, append };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= retries) throw error;
    }
  }
}
