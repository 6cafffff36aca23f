import { Decider } from './decider';
import { given } from './decider-spec';
import { DomainError, NotFoundError } from './errors';
import { EventEnvelope } from './event';

type Counted = EventEnvelope<'Counted', { n: number }>;
const metadata = { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' };
const counted = (n: number): Counted => ({ id: `e-${n}`, type: 'Counted', schemaVersion: 1, data: { n }, metadata });
/** Counts up to 2; a third count is refused, and counting from nothing is "not found" for `strict`. */
const counter: Decider<{ strict?: boolean }, number, Counted> = {
  initialState: 0,
  evolve: (n) => n + 1,
  decide: (command, n) => {
    if (command.strict && n === 0) throw new NotFoundError('counter', 'c');
    if (n >= 2) throw new DomainError('too_many', 'counted enough');
    return [counted(n + 1)];
  },
};

describe('given / when / then for deciders', () => {
  it('then passes on the decided events (matchers allowed) and returns them to extend a history', () => {
    const first = given(counter).when({}).then([counted(1)]);
    given(counter, first).when({}).then([expect.objectContaining({ data: { n: 2 } })]);
    given(counter, first).when({}).then((events) => expect(events).toHaveLength(1));
  });

  it('then fails on other events, and on a refused command with the refusal itself', () => {
    expect(() => given(counter).when({}).then([])).toThrow();
    expect(() => given(counter, [counted(1), counted(2)]).when({}).then([])).toThrow('counted enough');
  });

  it('thenThrows passes on the error type and code, and fails on another type, another code or no error', () => {
    const full = given(counter, [counted(1), counted(2)]);
    expect(full.when({}).thenThrows(DomainError, 'too_many').message).toBe('counted enough');
    given(counter).when({ strict: true }).thenThrows(NotFoundError);
    expect(() => full.when({}).thenThrows(NotFoundError)).toThrow();
    expect(() => full.when({}).thenThrows(DomainError, 'not_found')).toThrow();
    expect(() => given(counter).when({}).thenThrows(DomainError)).toThrow();
  });
});

describe('an outcome compared whole', () => {
  it('still equals its events and error only', () => {
    expect(given(counter, [counted(1), counted(2)]).when({})).toEqual({ events: [], error: new DomainError('too_many', 'counted enough') });
    expect(given(counter).when({})).toEqual({ events: [counted(1)] });
  });
});
