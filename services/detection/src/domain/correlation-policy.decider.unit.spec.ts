import { given } from '@linchpin/eventsourcing';
import { CorrelationPolicySet, CorrelationPolicySetEvent, correlationPolicyDecider, SetCorrelationPolicy } from './correlation-policy.decider';

const set = (n: number, over: Partial<SetCorrelationPolicy> = {}): SetCorrelationPolicy => ({
  type: 'SetCorrelationPolicy',
  eventId: `00000000-0000-4000-8000-${(0x100 + n).toString(16).padStart(12, '0')}`,
  service: 'checkout',
  enabled: true,
  groupBy: ['cluster', 'alertname'],
  windowSeconds: 600,
  context: { actor: 'user:alice', causationId: `request-${n}`, occurredAt: '2026-03-02T09:00:00.000Z' },
  ...over,
});
const recorded = (...commands: SetCorrelationPolicy[]): CorrelationPolicySetEvent[] =>
  commands.reduce<CorrelationPolicySetEvent[]>(
    (history, command) => [...history, ...correlationPolicyDecider.decide(command, given(correlationPolicyDecider, history).state())],
    [],
  );

describe('correlation policy decider', () => {
  it("a service's first policy is version 1, with its labels in a stable order", () => {
    // then() asserts the command was accepted (no error) before handing over the events
    given(correlationPolicyDecider)
      .when(set(1))
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0].data).toEqual({ service: 'checkout', version: 1, enabled: true, groupBy: ['alertname', 'cluster'], windowSeconds: 600 });
        expect(CorrelationPolicySet.validate(events[0].data)).toEqual([]);
      });
  });

  it.each<[string, Partial<SetCorrelationPolicy>]>([
    ['another window', { windowSeconds: 900 }],
    ['other labels', { groupBy: ['cluster'] }],
    ['disabling it', { enabled: false }],
  ])('a change (%s) is the next version', (_name, over) => {
    given(correlationPolicyDecider, recorded(set(1)))
      .when(set(2, over))
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0].data).toMatchObject({ version: 2, ...over });
      });
  });

  it('the same policy again, labels in any order, is not a new version', () => {
    given(correlationPolicyDecider, recorded(set(1)))
      .when(set(2, { groupBy: ['alertname', 'cluster'] }))
      .then([]);
  });

  it('versions keep counting across changes', () => {
    const history = recorded(set(1), set(2, { windowSeconds: 900 }), set(3, { enabled: false }));
    expect(history.map((e) => e.data.version)).toEqual([1, 2, 3]);
    expect(given(correlationPolicyDecider, history).state()).toEqual({ status: 'set', policy: history[2].data });
  });
});
