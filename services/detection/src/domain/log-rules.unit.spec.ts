import { evaluateLogRules, LogRule, LogRulesState } from './log-rules';
import type { LogLine } from './log-line';

const rule: LogRule = {
  id: 'db-timeouts',
  name: 'Database timeouts in checkout',
  pattern: 'timeout',
  flags: 'i',
  level: 'error',
  threshold: 3,
  windowSeconds: 60,
  severity: 'critical',
  service: 'checkout',
};

const line = (message: string, at?: string, level: LogLine['level'] = 'error'): LogLine => ({ message, level, ...(at ? { at } : {}), fields: {} });
const at = (seconds: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, seconds)).toISOString();

describe('evaluateLogRules', () => {
  it('raises once the matches in the trailing window reach the threshold', () => {
    const first = evaluateLogRules([rule], {}, [line('DB Timeout', at(0)), line('db timeout', at(10))], at(10));
    expect(first.signals).toEqual([]);
    expect(first.state[rule.id]).toEqual({ recentMatches: [at(0), at(10)], firing: false, lastMatchAt: at(10) });

    const second = evaluateLogRules([rule], first.state, [line('timeout again', at(20))], at(20));
    expect(second.signals).toEqual([
      {
        senderKey: 'log-rule:db-timeouts',
        status: 'firing',
        summary: 'Database timeouts in checkout',
        severity: 'critical',
        source: 'logs',
        labels: { log_rule: 'db-timeouts', service: 'checkout' },
        annotations: { pattern: 'timeout', lastLine: 'timeout again' },
        startsAt: at(0),
        details: { threshold: 3, windowSeconds: 60, matchesInWindow: 3 },
        raw: expect.objectContaining({ lines: [line('timeout again', at(20))] }),
      },
    ]);
    expect(second.state[rule.id].firing).toBe(true);
  });

  it('does not raise when the matches are spread wider than the window', () => {
    let state: LogRulesState = {};
    for (const second of [0, 40, 80, 120]) {
      const outcome = evaluateLogRules([rule], state, [line('timeout', at(second))], at(second));
      expect(outcome.signals).toEqual([]);
      state = outcome.state;
    }
    expect(state[rule.id].recentMatches).toEqual([at(80), at(120)]);
  });

  it('counts only lines of the rule level or above that match the pattern', () => {
    const lines = [line('timeout', at(0), 'warn'), line('timeout', at(0), undefined), line('connection refused', at(0)), line('timeout', at(0), 'fatal')];
    const outcome = evaluateLogRules([{ ...rule, threshold: 1 }], {}, lines, at(0));
    expect(outcome.signals).toHaveLength(1);
    expect(outcome.state[rule.id].recentMatches).toEqual([at(0)]);
  });

  it('stays firing without repeating itself while matches go on, and resolves after a full quiet window', () => {
    const raised = evaluateLogRules([rule], {}, [line('timeout', at(0)), line('timeout', at(1)), line('timeout', at(2))], at(2));
    const ongoing = evaluateLogRules([rule], raised.state, [line('timeout', at(30))], at(30));
    expect(ongoing.signals).toEqual([]);

    const tooSoon = evaluateLogRules([rule], ongoing.state, [line('all good', at(85))], at(85));
    expect(tooSoon.signals).toEqual([]);
    expect(tooSoon.state[rule.id].firing).toBe(true);

    const quiet = evaluateLogRules([rule], tooSoon.state, [], at(91));
    expect(quiet.signals).toEqual([
      {
        senderKey: 'log-rule:db-timeouts',
        status: 'resolved',
        summary: 'Database timeouts in checkout',
        severity: 'critical',
        source: 'logs',
        labels: { log_rule: 'db-timeouts', service: 'checkout' },
        endsAt: at(30),
        raw: expect.objectContaining({ lastMatchAt: at(30) }),
      },
    ]);
    expect(quiet.state[rule.id]).toEqual({ recentMatches: [], firing: false, lastMatchAt: at(30) });
  });

  it('judges lines by their own time: old lines in a late batch do not raise', () => {
    const late = [line('timeout', at(0)), line('timeout', at(1)), line('timeout', at(2))];
    expect(evaluateLogRules([rule], {}, late, at(300)).signals).toEqual([]);
  });

  it('counts lines without a time, or from the future, at now', () => {
    const lines = [line('timeout'), line('timeout'), line('timeout', at(500))];
    const outcome = evaluateLogRules([rule], {}, lines, at(10));
    expect(outcome.signals[0]).toMatchObject({ status: 'firing', startsAt: at(10) });
  });

  it('keeps no more match times than the threshold needs', () => {
    const burst = Array.from({ length: 50 }, (_, i) => line('timeout', at(i)));
    expect(evaluateLogRules([rule], {}, burst, at(50)).state[rule.id].recentMatches).toEqual([at(47), at(48), at(49)]);
  });

  it('takes a batch as large as the body limit allows (a megabyte of short matching lines)', () => {
    const batch = Array.from({ length: 200_000 }, () => line('timeout', at(5)));
    const outcome = evaluateLogRules([rule], {}, batch, at(10));
    expect(outcome.signals).toHaveLength(1);
    expect(outcome.state[rule.id].lastMatchAt).toBe(at(5));
  });

  it('is pure: the given state is left as it was, and rules no longer given are dropped', () => {
    const state: LogRulesState = { [rule.id]: { recentMatches: [at(0)], firing: false }, gone: { recentMatches: [], firing: true } };
    const copy = structuredClone(state);
    const outcome = evaluateLogRules([rule], state, [line('timeout', at(1))], at(1));
    expect(state).toEqual(copy);
    expect(Object.keys(outcome.state)).toEqual([rule.id]);
  });

  it('skips a rule whose pattern does not compile, keeping its state', () => {
    const broken = { ...rule, pattern: '(' };
    const state: LogRulesState = { [rule.id]: { recentMatches: [at(0)], firing: true, lastMatchAt: at(0) } };
    expect(evaluateLogRules([broken], state, [], at(500))).toEqual({ state, signals: [] });
  });

  it('decides a pattern that backtracks exponentially on RegExp in linear time, correctly', () => {
    const evil = { ...rule, pattern: '(a+)+$', flags: '', level: undefined, threshold: 1 };
    expect(evaluateLogRules([evil], {}, [line(`${'a'.repeat(8191)}!`, at(0))], at(0)).signals).toEqual([]);
    expect(evaluateLogRules([evil], {}, [line('a'.repeat(8192), at(0))], at(0)).signals).toHaveLength(1);
  });

  it('ignores g and y flags, which would make matching depend on the previous line', () => {
    const outcome = evaluateLogRules([{ ...rule, flags: 'gi', threshold: 2 }], {}, [line('timeout', at(0)), line('timeout', at(0))], at(0));
    expect(outcome.signals).toHaveLength(1);
  });
});
