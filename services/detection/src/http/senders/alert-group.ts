import type { NormalizedSignal, SignalImage, SignalLink } from '../../domain/signal';
import { firstLine, isJsonObject, JsonObject, nonBlank, readOptionalString, readSenderTime, readStringMap } from './payload-fields';
import { MAX_SUMMARY_LENGTH, ParseResult, parsed, refused, SenderError } from './parse-result';
import { severityFromLabel } from './severity';

/**
 * The notification envelope Alertmanager's webhook defined and Grafana's copies: group fields
 * (`receiver`, `status`, `groupKey`, `groupLabels`, `commonLabels`, ...) around `alerts[]`, each
 * alert with `status`, `labels`, `annotations`, `startsAt`, `endsAt`, `generatorURL`,
 * `fingerprint`. Fields not read here are accepted and kept in `raw`.
 */
export interface AlertGroupFlavour {
  /** Names the sender in fallbacks (`source`, unnamed summary). */
  sender: 'alertmanager' | 'grafana';
  /** Text of the link made from `generatorURL` (what it points at differs between senders). */
  generatorLinkText: string;
  /** Envelope fields left out of each signal's `raw`. */
  omitFromRaw: readonly string[];
  /** What this sender adds per alert beyond the shared fields. */
  extras(alert: JsonObject, field: string, errors: SenderError[]): SenderExtras;
}

export interface SenderExtras {
  links?: SignalLink[];
  images?: SignalImage[];
  details?: Record<string, unknown>;
  annotations?: Record<string, string>;
}

export function parseAlertGroup(body: unknown, flavour: AlertGroupFlavour): ParseResult {
  if (!isJsonObject(body)) return refused([{ field: 'body', reason: 'must be a JSON object' }]);
  if (!Array.isArray(body.alerts)) return refused([{ field: 'alerts', reason: 'must be an array of alerts' }]);

  const envelope: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== 'alerts' && !flavour.omitFromRaw.includes(key)) envelope[key] = value;
  }

  const errors: SenderError[] = [];
  const signals = body.alerts.map((alert: unknown, index: number) => parseAlert(alert, `alerts[${index}]`, envelope, flavour, errors));
  return errors.length > 0 ? refused(errors) : parsed(signals.filter((signal): signal is NormalizedSignal => signal !== undefined));
}

function parseAlert(
  alert: unknown,
  field: string,
  envelope: JsonObject,
  flavour: AlertGroupFlavour,
  errors: SenderError[],
): NormalizedSignal | undefined {
  if (!isJsonObject(alert)) {
    errors.push({ field, reason: 'must be an object' });
    return undefined;
  }
  const before = errors.length;
  const status = alert.status;
  if (status !== 'firing' && status !== 'resolved') errors.push({ field: `${field}.status`, reason: "must be 'firing' or 'resolved'" });
  const labels = readStringMap(alert.labels, `${field}.labels`, errors);
  const annotations = readStringMap(alert.annotations, `${field}.annotations`, errors);
  const startsAt = readSenderTime(alert.startsAt, `${field}.startsAt`, errors);
  const endsAt = readSenderTime(alert.endsAt, `${field}.endsAt`, errors);
  const fingerprint = readOptionalString(alert.fingerprint, `${field}.fingerprint`, errors);
  const generatorURL = readOptionalString(alert.generatorURL, `${field}.generatorURL`, errors);
  const extras = flavour.extras(alert, field, errors);
  if (errors.length > before) return undefined;

  const summaryText =
    nonBlank(annotations.summary) ?? nonBlank(annotations.description) ?? nonBlank(labels.alertname) ?? `Unnamed ${flavour.sender} alert`;
  const links = [...(generatorURL !== undefined ? [{ href: generatorURL, text: flavour.generatorLinkText }] : []), ...(extras.links ?? [])];
  const allAnnotations = { ...(extras.annotations ?? {}), ...annotations };

  return {
    ...(fingerprint !== undefined ? { senderKey: fingerprint } : {}),
    status: status as 'firing' | 'resolved',
    summary: firstLine(summaryText, MAX_SUMMARY_LENGTH),
    severity: severityFromLabel(labels.severity),
    source: nonBlank(labels.instance) ?? nonBlank(labels.job) ?? flavour.sender,
    labels,
    ...(Object.keys(allAnnotations).length > 0 ? { annotations: allAnnotations } : {}),
    ...(startsAt !== undefined ? { startsAt } : {}),
    // A firing alert's endsAt is Go's zero time or a provisional expiry, not an end.
    ...(status === 'resolved' && endsAt !== undefined ? { endsAt } : {}),
    ...(links.length > 0 ? { links } : {}),
    ...(extras.images && extras.images.length > 0 ? { images: extras.images } : {}),
    ...(extras.details !== undefined ? { details: extras.details } : {}),
    // A one-alert notification of the same sender: replaying it through this parser gives this signal back.
    raw: { ...envelope, alerts: [alert] },
  };
}
