import { RE2JS } from 're2js';

/*
 * Patterns people type into configuration (routing rules' title patterns, log rules) run on every
 * incident or log line. JavaScript's RegExp backtracks: `(a+)+$` against thirty `a`s and a `!` holds
 * the event loop for seconds, and with it every request of the process. RE2 (here its pure-JavaScript
 * port re2js) matches in time linear in the text, whatever the pattern, at the price of refusing the
 * two features that need backtracking: backreferences and lookaround.
 *
 * Patterns are written in JavaScript syntax, as before, and translated to RE2's.
 */

/** What the pattern helper says is wrong, and in which part: the source or the flags. */
export interface PatternProblem {
  part: 'pattern' | 'flags';
  reason: string;
}

export interface LinearPattern {
  readonly source: string;
  readonly flags: string;
  /** Whether the pattern is found anywhere in `text` (RegExp.prototype.test without g or y). */
  test(text: string): boolean;
}

export type CompiledPattern = { ok: true; pattern: LinearPattern } | { ok: false; problem: PatternProblem };

/** `u` is accepted and changes nothing: RE2 always reads the text as Unicode code points. */
export const PATTERN_FLAGS = ['i', 'm', 's', 'u'] as const;

const ENGINE_FLAG: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

const flagsProblem = (flags: string): string | undefined => {
  for (const [i, flag] of [...flags].entries()) {
    if (!(flag in ENGINE_FLAG)) return `flag "${flag}" is not supported: use ${PATTERN_FLAGS.join(', ')}`;
    if (flags.indexOf(flag) !== i) return `flag "${flag}" is given twice`;
  }
  return undefined;
};

const LOOKAROUND: Record<string, string> = { '(?=': 'a lookahead', '(?!': 'a negative lookahead', '(?<=': 'a lookbehind', '(?<!': 'a negative lookbehind' };

const needsBacktracking = (kind: string, at: number): string =>
  `uses ${kind} at position ${at}, which only a backtracking engine can evaluate, and a backtracking engine can take ` +
  'exponential time on one line of text; patterns run on a linear-time engine (RE2 syntax without backreferences or lookaround)';

/**
 * The first feature of a (JavaScript-syntax) source that RE2 lacks, named for the person who wrote
 * it. Looked for before translation, which would otherwise turn `\k<name>` into the letters `k<name>`.
 */
const unsupportedFeature = (source: string): string | undefined => {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      // Inside a class `\1` is an octal escape, not a reference.
      if (!inClass && /[1-9]/.test(next)) return needsBacktracking(`a backreference (\\${next})`, i);
      if (!inClass && next === 'k' && source[i + 2] === '<') return needsBacktracking('a named backreference (\\k<…>)', i);
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      const kind = LOOKAROUND[source.slice(i, i + 3)] ?? LOOKAROUND[source.slice(i, i + 4)];
      if (kind !== undefined) return needsBacktracking(kind, i);
    }
  }
  return undefined;
};

const compileUnchecked = (source: string, flags: string): CompiledPattern => {
  const flagProblem = flagsProblem(flags);
  if (flagProblem !== undefined) return { ok: false, problem: { part: 'flags', reason: flagProblem } };
  try {
    // Only compiled, never run: JavaScript's parser says whether the source is a regular expression at all.
    new RegExp(source, flags);
  } catch (error) {
    return { ok: false, problem: { part: 'pattern', reason: `is not a valid regular expression: ${(error as Error).message}` } };
  }
  const unsupported = unsupportedFeature(source);
  if (unsupported !== undefined) return { ok: false, problem: { part: 'pattern', reason: unsupported } };
  let engine: RE2JS;
  try {
    const engineFlags = [...flags].reduce((all, flag) => all | ENGINE_FLAG[flag], 0);
    engine = RE2JS.compile(RE2JS.translateRegExp(source), engineFlags);
  } catch (error) {
    return { ok: false, problem: { part: 'pattern', reason: `is not supported by the linear-time engine (RE2 syntax): ${(error as Error).message}` } };
  }
  return { ok: true, pattern: { source, flags, test: (text) => engine.test(text) } };
};

/** Compiling costs far more than matching; rule sets repeat the same few patterns on every incident. */
const CACHE_SIZE = 1000;
const cache = new Map<string, CompiledPattern>();

/**
 * A user-supplied pattern (JavaScript syntax, flags among i, m, s, u) compiled for a linear-time
 * engine, or why it cannot be: not a regular expression, a backreference or lookaround, an
 * unsupported flag. Pure: the same source and flags always give the same answer.
 */
export const compileLinearPattern = (source: string, flags = ''): CompiledPattern => {
  const key = `${flags}/${source}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const compiled = compileUnchecked(source, flags);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, compiled);
  return compiled;
};
