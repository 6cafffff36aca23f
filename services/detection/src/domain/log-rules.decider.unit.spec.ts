import { given } from '@linchpin/eventsourcing';
import type { LogLine } from './log-line';
import type { LogRule } from './log-rules';
import { EvaluateLogLines, evaluateLogLines, LogRulesEvaluated, logRulesDecider, LogRulesEvaluatedEvent } from './log-rules.decider';

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const INTEGRATION_ID = uuid(0x10);
const at = (seconds: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, seconds)).toISOString();

const rule: LogRule = { id: 'oom', name: 'Out of memory', pattern: 'OOMKilled', threshold: 2, windowSeconds: 60, severity: 'critical' };
const line = (message: string, seconds: number): LogLine => ({ message, level: 'error', at: at(seconds), fields: {} });

const evaluate = (n: number, seconds: number, lines: LogLine[]): EvaluateLogLines => ({
  type: 'EvaluateLogLines',
  eventId: uuid(0x100 + n),
  integrationId: INTEGRATION_ID,
  rules: [rule],
  lines,
  context: { actor: `integration:${INTEGRATION_ID}`, causationId: `request-${n}`, occurredAt: at(seconds) },
});

const evaluated = (n: number, seconds: number, rules: LogRulesEvaluatedEvent['data']['rules']) =>
  LogRulesEvaluated.create(
    uuid(0x100 + n),
    { integrationId: INTEGRATION_ID, rules },
    { actor: `integration:${INTEGRATION_ID}`, causationId: `request-${n}`, correlationId: INTEGRATION_ID, occurredAt: at(seconds) },
  );

describe('log rules decider', () => {
  it('records the rules’ new state after a batch that matched, correlated by the integration', () => {
    const [event] = given(logRulesDecider)
      .when(evaluate(1, 5, [line('OOMKilled api-7', 5), line('ok', 5)]))
      .then([evaluated(1, 5, { oom: { recentMatches: [at(5)], firing: false, lastMatchAt: at(5) } })]);
    expect(LogRulesEvaluated.validate(event.data)).toEqual([]);
  });

  it('counts from the recorded state: the threshold-th match in the window fires', () => {
    const history = [evaluated(1, 5, { oom: { recentMatches: [at(5)], firing: false, lastMatchAt: at(5) } })];
    given(logRulesDecider, history)
      .when(evaluate(2, 20, [line('OOMKilled api-8', 20)]))
      .then([evaluated(2, 20, { oom: { recentMatches: [at(5), at(20)], firing: true, lastMatchAt: at(20) } })]);
    const { signals } = evaluateLogLines(evaluate(2, 20, [line('OOMKilled api-8', 20)]), given(logRulesDecider, history).state());
    expect(signals).toEqual([expect.objectContaining({ senderKey: 'log-rule:oom', status: 'firing', startsAt: at(5) })]);
  });

  it('records nothing and raises nothing when a batch changes no rule', () => {
    const history = [evaluated(1, 5, { oom: { recentMatches: [at(5)], firing: false, lastMatchAt: at(5) } })];
    given(logRulesDecider, history).when(evaluate(2, 10, [line('all good', 10)])).then([]);
    expect(evaluateLogLines(evaluate(2, 10, [line('all good', 10)]), given(logRulesDecider, history).state()).signals).toEqual([]);
  });

  it('resolves a firing rule on the first batch a whole window after its last match', () => {
    const history = [evaluated(1, 20, { oom: { recentMatches: [at(5), at(20)], firing: true, lastMatchAt: at(20) } })];
    const later = evaluate(2, 81, [line('all good', 81)]);
    given(logRulesDecider, history)
      .when(later)
      .then([evaluated(2, 81, { oom: { recentMatches: [], firing: false, lastMatchAt: at(20) } })]);
    expect(evaluateLogLines(later, given(logRulesDecider, history).state()).signals).toEqual([
      expect.objectContaining({ senderKey: 'log-rule:oom', status: 'resolved', endsAt: at(20) }),
    ]);
  });

  it('the latest LogRulesEvaluated is the state', () => {
    const history = [
      evaluated(1, 5, { oom: { recentMatches: [at(5)], firing: false, lastMatchAt: at(5) } }),
      evaluated(2, 20, { oom: { recentMatches: [at(5), at(20)], firing: true, lastMatchAt: at(20) } }),
    ];
    expect(given(logRulesDecider, history).state()).toEqual({ oom: { recentMatches: [at(5), at(20)], firing: true, lastMatchAt: at(20) } });
    expect(given(logRulesDecider).state()).toEqual({});
  });

  it('the decider and the signals of one command on one state come from one evaluation (the lines are matched once)', () => {
    const command = evaluate(3, 30, [line('OOMKilled api-7', 29), line('OOMKilled api-8', 30)]);
    const state = given(logRulesDecider).state();
    const events = logRulesDecider.decide(command, state);
    expect(evaluateLogLines(command, state).events).toBe(events);
    expect(evaluateLogLines(command, state).signals).toEqual([expect.objectContaining({ senderKey: 'log-rule:oom', status: 'firing' })]);
    // Another state (or another command) is evaluated afresh.
    expect(evaluateLogLines(command, { ...state }).events).not.toBe(events);
    expect(evaluateLogLines(command, { ...state }).events).toEqual(events);
  });
});
