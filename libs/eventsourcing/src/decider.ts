import { EventEnvelope } from './event';

/**
 * An aggregate as three pure functions. `decide` throws a DomainError for a command the state
 * does not allow; it returns the events to append otherwise (possibly none).
 */
export interface Decider<TCommand, TState, TEvent extends EventEnvelope = EventEnvelope> {
  initialState: TState;
  evolve(state: TState, event: TEvent): TState;
  decide(command: TCommand, state: TState): TEvent[];
}

export const fold = <TState, TEvent>(
  evolve: (state: TState, event: TEvent) => TState,
  initial: TState,
  events: readonly TEvent[],
): TState => events.reduce(evolve, initial);

/** Exhaustiveness guard for discriminated unions. */
export const assertNever = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};
