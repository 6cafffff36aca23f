import { compileLinearPattern, LinearPattern } from './linear-pattern';

const compiled = (source: string, flags?: string): LinearPattern => {
  const result = compileLinearPattern(source, flags);
  if (!result.ok) throw new Error(`expected ${source} to compile: ${result.problem.reason}`);
  return result.pattern;
};

const problem = (source: string, flags?: string) => {
  const result = compileLinearPattern(source, flags);
  if (result.ok) throw new Error(`expected ${source} to be refused`);
  return result.problem;
};

describe('compileLinearPattern', () => {
  it('matches like RegExp.prototype.test on ordinary patterns', () => {
    const cases: [string, string, string[]][] = [
      ['database|\\bdb\\b', 'i', ['Database down', 'primary DB lag', 'dbx', 'nothing']],
      ['^OOMKilled\\b.*$', 'm', ['ok\nOOMKilled pod', 'OOMKilledX', 'oomkilled']],
      ['timeout after \\d+ ?ms', '', ['timeout after 300 ms', 'timeout after ms']],
      ['a.b', 's', ['a\nb', 'ab']],
      ['(?<word>err)or', 'i', ['ERROR', 'err']],
      ['[^]x', '', ['\nx', 'x']],
      ['\\/api\\/v\\d', '', ['GET /api/v2', '/api/vx']],
      ['\\u00e9t\\u00e9', 'u', ['été', 'ete']],
      ['caf[eé]', 'i', ['CAFÉ', 'cafe', 'caff']],
    ];
    for (const [source, flags, texts] of cases) {
      for (const text of texts) expect([source, text, compiled(source, flags).test(text)]).toEqual([source, text, new RegExp(source, flags).test(text)]);
    }
  });

  it('answers a pattern that backtracks exponentially on RegExp, in linear time and correctly', () => {
    const pattern = compiled('(a+)+$', 'i');
    // Not timed: with a backtracking engine this call would not return in the lifetime of the test run.
    expect(pattern.test(`${'a'.repeat(1024)}!`)).toBe(false);
    expect(pattern.test(`!${'a'.repeat(1024)}`)).toBe(true);
  });

  it.each([
    ['(a)\\1', 'backreference'],
    ['(?<x>a)\\k<x>', 'named backreference'],
    ['foo(?=bar)', 'lookahead'],
    ['foo(?!bar)', 'negative lookahead'],
    ['(?<=foo)bar', 'lookbehind'],
    ['(?<!foo)bar', 'negative lookbehind'],
  ])('refuses %s, saying it uses a %s', (source, kind) => {
    const { part, reason } = problem(source);
    expect(part).toBe('pattern');
    expect(reason).toContain(`uses a ${kind}`);
    expect(reason).toContain('linear-time engine');
  });

  it('does not call \\1 inside a character class a reference (it is a legacy octal escape there, which RE2 lacks)', () => {
    expect(problem('[\\1]x')).toEqual({ part: 'pattern', reason: expect.stringContaining('is not supported by the linear-time engine') });
  });

  it('refuses what is not a regular expression, with the parser’s reason', () => {
    expect(problem('(unclosed')).toEqual({ part: 'pattern', reason: expect.stringContaining('is not a valid regular expression') });
  });

  it('refuses what the engine cannot hold, with its reason', () => {
    expect(problem('x{1001}')).toEqual({ part: 'pattern', reason: expect.stringContaining('invalid repeat count') });
  });

  it.each([
    ['g', 'flag "g" is not supported: use i, m, s, u'],
    ['x', 'flag "x" is not supported: use i, m, s, u'],
    ['ii', 'flag "i" is given twice'],
  ])('refuses flags %s, naming the flags', (flags, reason) => {
    expect(problem('x', flags)).toEqual({ part: 'flags', reason });
  });

  it('gives the same answer for the same pattern twice (compiled once)', () => {
    expect(compileLinearPattern('same', 'i')).toBe(compileLinearPattern('same', 'i'));
  });
});
