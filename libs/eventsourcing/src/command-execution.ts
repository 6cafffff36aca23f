import { Decider } from './decider';
import { ConcurrencyError } from './errors';
import { EventEnvelope, RecordedEvent } from './event';
import { AppendResult, EventStore } from './event-store.port';

export interface ExecutionResult<TState, TEvent> {
  events: TEvent[];
  state: TState;
  append?: AppendResult;
}

export interface ExecuteOptions {
  /** Reload-and-retry attempts after a concurrency conflict. */
  retries?: number;
  /** Convert stored events (already upcast) to the decider's event type. */
  map?: (event: RecordedEvent) => EventEnvelope;
}

/**
 * Load a stream, fold it, decide, append with the revision read. On conflict, reload and
 * decide again (a bounded number of times): the command is judged against the newest state.
 */
export async function executeCommand<TCommand, TState, TEvent extends EventEnvelope>(
  store: EventStore,
  stream: string,
  decider: Decider<TCommand, TState, TEvent>,
  command: TCommand,
  options: ExecuteOptions = {},
): Promise<ExecutionResult<TState, TEvent>> {
  const retries = options.retries ?? 5;
  for (let attempt = 0; ; attempt++) {
    const history = await store.readStream(stream);
    const state = history.reduce(
      (s, e) => decider.evolve(s, (options.map ? options.map(e) : e) as TEvent),
      decider.initialState,
    );
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, state };
    const expected = history.length === 0 ? 'no_stream' : history[history.length - 1].revision;
    try {
      const append = await store.append(stream, events, expected);
      return { events, state: events.reduce(decider.evolve, state), append };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= retries) throw error;
    }
  }
}
