import { parseAlertGroup } from './alert-group';
import type { ParseResult } from './parse-result';

/**
 * Prometheus Alertmanager's webhook notification (payload version "4",
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config): one signal per
 * `alerts[]` entry, keyed by its `fingerprint`; firing and resolved alerts may be mixed, and the
 * whole group is re-sent at every `group_interval`, so callers must treat repeats as repeats.
 *
 * - severity: `labels.severity` (see `severityFromLabel`; missing or unknown is `error`);
 * - summary: `annotations.summary`, else `annotations.description`, else `labels.alertname`;
 * - source: `labels.instance`, else `labels.job`, else `alertmanager`;
 * - `endsAt` only on resolved alerts; Go's zero time (`0001-01-01T00:00:00Z`) is absent;
 * - links: `generatorURL`; raw: the envelope (without the other alerts) around this one alert.
 *
 * The `version` is not checked: the fields read here have been stable since version 4 began, and
 * refusing a newer version would drop alerts a parser could still read.
 */
export function parseAlertmanagerWebhook(body: unknown): ParseResult {
  return parseAlertGroup(body, {
    sender: 'alertmanager',
    generatorLinkText: 'Source',
    omitFromRaw: [],
    extras: () => ({}),
  });
}
