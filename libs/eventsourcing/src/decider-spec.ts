import { Decider } from './decider';
import { EventEnvelope } from './event';

export interface Outcome<TEvent> {
  events: TEvent[];
  error?: Error;
}

/**
 * Given / when / then for deciders, with no Nest and no store:
 * `given(decider, history).when(command)` returns the decided events or the thrown error.
 */
export const given = <TCommand, TState, TEvent extends EventEnvelope>(
  decider: Decider<TCommand, TState, TEvent>,
  history: TEvent[] = [],
) => ({
  state: (): TState => history.reduce(decider.evolve, decider.initialState),
  when(command: TCommand): Outcome<TEvent> {
    const state = history.reduce(decider.evolve, decider.initialState);
    try {
      return { events: decider.decide(command, state) };
    } catch (error) {
      return { events: [], error: error as Error };
    }
  },
});
