import { compileLinearPattern, LinearPattern } from '@linchpin/patterns';
import { LOG_LEVELS, LogLevel, LogLine } from './log-line';
import type { NormalizedSignal, SignalSeverity } from './signal';

/** A log rule: `threshold` matching lines within `windowSeconds` raise an alert. */
export interface LogRule {
  id: string;
  name: string;
  /** A regular expression in JavaScript syntax, run on a linear-time engine (RE2), tested against each line's message. */
  pattern: string;
  /** RegExp flags among `i`, `m`, `s`, `u`. */
  flags?: string;
  /** The least level a line must have to count; lines without a level never count when it is set. */
  level?: LogLevel;
  threshold: number;
  windowSeconds: number;
  severity: SignalSeverity;
  /** The impacted service: the signals' `service` label. */
  service?: string;
}

export interface LogRuleState {
  /**
   * Times (ISO) of the latest matches inside the window, oldest first. At most `threshold` are
   * kept: "threshold matches in the window" only needs the threshold-th latest.
   */
  recentMatches: string[];
  firing: boolean;
  lastMatchAt?: string;
}

/** Per rule id. */
export type LogRulesState = Record<string, LogRuleState>;

export interface LogRulesOutcome {
  state: LogRulesState;
  signals: NormalizedSignal[];
}

/** Longest message prefix a pattern is tested on, so one huge line costs a bounded time. */
export const MAX_MATCHED_LENGTH = 8192;
const MAX_SAMPLE_LINES = 5;

export const logRuleSenderKey = (ruleId: string) => `log-rule:${ruleId}`;

/**
 * One batch of lines against the rules, at `now` (ISO 8601). A match counts at the line's own
 * time (or `now` when it has none; a future time counts as `now`), so a late batch of old lines
 * is judged by when they were written. A rule that is not firing raises (a firing signal) once
 * `threshold` matches fall in the trailing window; a firing rule resolves (a resolved signal,
 * `endsAt` = its last match) on the first batch that comes a full window after its last match.
 * Only those two changes emit a signal: repeats while firing would append an event per batch.
 * Rules whose pattern no longer compiles (or the linear-time engine refuses) are skipped, their state kept.
 */
export function evaluateLogRules(rules: readonly LogRule[], state: LogRulesState, lines: readonly LogLine[], now: string): LogRulesOutcome {
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new Error(`evaluateLogRules: now is not a time: ${now}`);
  const next: LogRulesState = {};
  const signals: NormalizedSignal[] = [];

  for (const rule of rules) {
    const previous: LogRuleState = state[rule.id] ?? { recentMatches: [], firing: false };
    const regex = compile(rule);
    if (regex === undefined) {
      next[rule.id] = previous;
      continue;
    }
    const matched = lines.filter((line) => levelAllows(rule.level, line.level) && regex.test(line.message.slice(0, MAX_MATCHED_LENGTH)));
    const matchTimes = matched.map((line) => Math.min(line.at !== undefined ? Date.parse(line.at) : nowMs, nowMs));
    const windowStart = nowMs - rule.windowSeconds * 1000;
    const recent = [...previous.recentMatches.map((time) => Date.parse(time)), ...matchTimes]
      .filter((time) => time > windowStart)
      .sort((a, b) => a - b)
      .slice(-rule.threshold);
    // A fold, not Math.max(...matchTimes): spreading a batch of 100k+ matching lines overflows the stack.
    const lastMatchMs = matchTimes.reduce((latest, time) => Math.max(latest, time), previous.lastMatchAt !== undefined ? Date.parse(previous.lastMatchAt) : -Infinity);
    const lastMatchAt = Number.isFinite(lastMatchMs) ? new Date(lastMatchMs).toISOString() : undefined;

    let firing = previous.firing;
    if (!firing && recent.length >= rule.threshold) {
      firing = true;
      signals.push(raised(rule, new Date(recent[0]).toISOString(), recent.length, matched));
    } else if (firing && recent.length === 0) {
      firing = false;
      signals.push(cleared(rule, lastMatchAt));
    }
    next[rule.id] = {
      recentMatches: recent.map((time) => new Date(time).toISOString()),
      firing,
      ...(lastMatchAt !== undefined ? { lastMatchAt } : {}),
    };
  }
  return { state: next, signals };
}

/** Linear time: a pattern that backtracks exponentially on RegExp would stall the process on one line. */
function compile(rule: LogRule): LinearPattern | undefined {
  // g and y (refused today, possibly in rules stored before) would mean "remember where the last line stopped": dropped.
  const result = compileLinearPattern(rule.pattern, (rule.flags ?? '').replace(/[gy]/g, ''));
  return result.ok ? result.pattern : undefined;
}

function levelAllows(least: LogLevel | undefined, level: LogLevel | undefined): boolean {
  if (least === undefined) return true;
  return level !== undefined && LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(least);
}

const labelsOf = (rule: LogRule): Record<string, string> => ({
  log_rule: rule.id,
  ...(rule.service !== undefined ? { service: rule.service } : {}),
});

const ruleForRaw = (rule: LogRule) => ({
  id: rule.id,
  name: rule.name,
  pattern: rule.pattern,
  ...(rule.flags !== undefined ? { flags: rule.flags } : {}),
  ...(rule.level !== undefined ? { level: rule.level } : {}),
  threshold: rule.threshold,
  windowSeconds: rule.windowSeconds,
});

function raised(rule: LogRule, startsAt: string, matchesInWindow: number, matched: readonly LogLine[]): NormalizedSignal {
  const samples = matched.slice(-MAX_SAMPLE_LINES);
  const last = samples[samples.length - 1];
  return {
    senderKey: logRuleSenderKey(rule.id),
    status: 'firing',
    summary: rule.name,
    severity: rule.severity,
    source: 'logs',
    labels: labelsOf(rule),
    annotations: {
      pattern: rule.pattern,
      ...(last !== undefined ? { lastLine: last.message.slice(0, 1024) } : {}),
    },
    startsAt,
    details: { threshold: rule.threshold, windowSeconds: rule.windowSeconds, matchesInWindow },
    raw: { rule: ruleForRaw(rule), lines: samples },
  };
}

function cleared(rule: LogRule, lastMatchAt: string | undefined): NormalizedSignal {
  return {
    senderKey: logRuleSenderKey(rule.id),
    status: 'resolved',
    summary: rule.name,
    severity: rule.severity,
    source: 'logs',
    labels: labelsOf(rule),
    ...(lastMatchAt !== undefined ? { endsAt: lastMatchAt } : {}),
    raw: { rule: ruleForRaw(rule), lastMatchAt },
  };
}
