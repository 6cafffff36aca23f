import { Decider } from './decider';
import { EventEnvelope } from './event';

export interface Outcome<TEvent> {
  events: TEvent[];
  error?: Error;
}

/** An outcome that asserts itself, so a decider spec reads as a table. */
export interface CheckedOutcome<TEvent> extends Outcome<TEvent> {
  /**
   * Asserts the command was accepted and decided exactly `expected` (compared with the test runner's
   * `toEqual`, so asymmetric matchers such as `expect.objectContaining` work), or, given a function,
   * hands it the decided events to assert. Returns the events, to extend a history with.
   */
  then(expected: readonly unknown[] | ((events: TEvent[]) => void)): TEvent[];
  /** Asserts the command was refused with an `ErrorType` (and, given, this `code`). Returns the error. */
  thenThrows<E extends Error>(ErrorType: abstract new (...args: never[]) => E, code?: string): E;
}

/** The test runner's `expect` (jest's global), reached at call time: this file ships in the kernel, which has no test types. */
interface Expectation {
  toEqual(expected: unknown): void;
  toBe(expected: unknown): void;
  toBeInstanceOf(type: unknown): void;
}
const expectOf = (actual: unknown): Expectation => {
  const runnerExpect = (globalThis as { expect?: (actual: unknown) => Expectation }).expect;
  if (!runnerExpect) throw new Error('then/thenThrows assert with the test runner’s global expect (jest)');
  return runnerExpect(actual);
};

/** The assertions are not enumerable: a spec comparing the whole outcome (`toEqual({ events: [] })`) still sees `events` and `error` only. */
const checked = <TEvent>(outcome: Outcome<TEvent>): CheckedOutcome<TEvent> => {
  const assertions: Pick<CheckedOutcome<TEvent>, 'then' | 'thenThrows'> = {
    then(expected) {
      if (outcome.error) throw outcome.error;
      if (typeof expected === 'function') expected(outcome.events);
      else expectOf(outcome.events).toEqual(expected);
      return outcome.events;
    },
    thenThrows(ErrorType, code) {
      expectOf(outcome.error).toBeInstanceOf(ErrorType);
      if (code !== undefined) expectOf((outcome.error as Error & { code?: string }).code).toBe(code);
      return outcome.error as never;
    },
  };
  return Object.defineProperties({ ...outcome }, {
    then: { value: assertions.then, enumerable: false },
    thenThrows: { value: assertions.thenThrows, enumerable: false },
  }) as CheckedOutcome<TEvent>;
};

/**
 * Given / when / then for deciders, with no Nest and no store:
 * `given(decider, history).when(command)` returns the decided events or the thrown error, and asserts
 * them with `.then([...expected events])` or `.thenThrows(ErrorType, code?)`.
 */
export const given = <TCommand, TState, TEvent extends EventEnvelope>(
  decider: Decider<TCommand, TState, TEvent>,
  history: TEvent[] = [],
) => ({
  state: (): TState => history.reduce(decider.evolve, decider.initialState),
  when(command: TCommand): CheckedOutcome<TEvent> {
    const state = history.reduce(decider.evolve, decider.initialState);
    try {
      return checked({ events: decider.decide(command, state) });
    } catch (error) {
      return checked({ events: [], error: error as Error });
    }
  },
});

/**
 * For integration tests (libs/testing re-exports it; here so the platform's own specs can use it too,
 * libs/testing being built on the platform). Polls until `probe` returns a value (not undefined) and returns it, or throws "timed out waiting for
 * <what>" past the deadline (with the probe's last error, if it threw). Not a timing assertion: it only
 * bounds a wait. Polls fast at first (in-process reactors settle in milliseconds), then every 100 ms.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let delay = 10; ; delay = Math.min(delay * 2, 100)) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
