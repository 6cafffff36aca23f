import type { SignalSeverity } from '../../domain/signal';

export const SIGNAL_SEVERITIES: readonly SignalSeverity[] = ['critical', 'error', 'warning', 'info'];

export const isSignalSeverity = (value: unknown): value is SignalSeverity =>
  typeof value === 'string' && (SIGNAL_SEVERITIES as readonly string[]).includes(value);

/**
 * Words Alertmanager and Grafana users put in a `severity` label, matched case-insensitively.
 * The P1–P5 names follow the usual on-call priority ladder (P1 pages, P5 is informational).
 */
const SEVERITY_WORDS: Record<string, SignalSeverity> = {
  critical: 'critical', crit: 'critical', page: 'critical', fatal: 'critical', emergency: 'critical',
  emerg: 'critical', alert: 'critical', disaster: 'critical', p1: 'critical', sev1: 'critical',
  error: 'error', err: 'error', high: 'error', major: 'error', p2: 'error', sev2: 'error',
  warning: 'warning', warn: 'warning', medium: 'warning', minor: 'warning', average: 'warning', p3: 'warning', sev3: 'warning',
  info: 'info', informational: 'info', information: 'info', notice: 'info', low: 'info', none: 'info',
  ok: 'info', debug: 'info', p4: 'info', p5: 'info', sev4: 'info', sev5: 'info',
};

/**
 * A missing or unknown severity label is `error`: the alert was routed to Linchpin, so someone
 * wanted to hear of it, and `error` is what Alertmanager itself sends to PagerDuty when a
 * receiver names no severity (`pagerduty_config.severity` defaults to 'error'). The label stays
 * on the signal, so a word this table lacks is never lost.
 */
export const DEFAULT_LABEL_SEVERITY: SignalSeverity = 'error';

export function severityFromLabel(value: string | undefined): SignalSeverity {
  if (value === undefined) return DEFAULT_LABEL_SEVERITY;
  return SEVERITY_WORDS[value.trim().toLowerCase()] ?? DEFAULT_LABEL_SEVERITY;
}
