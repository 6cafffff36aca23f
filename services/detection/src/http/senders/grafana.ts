import type { SignalImage, SignalLink } from '../../domain/signal';
import { parseAlertGroup } from './alert-group';
import { isJsonObject, JsonObject, readOptionalString } from './payload-fields';
import type { ParseResult, SenderError } from './parse-result';

/** Grafana's per-alert URLs, in the order a responder wants them. */
const LINK_FIELDS: ReadonlyArray<[field: string, text: string]> = [
  ['dashboardURL', 'Dashboard'],
  ['panelURL', 'Panel'],
  ['silenceURL', 'Silence'],
];

/**
 * Grafana unified alerting's webhook contact point
 * (https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/):
 * Alertmanager's envelope (see `parseAlertmanagerWebhook` for the shared mapping) plus `orgId`,
 * `title`, `state`, `message`, and per alert `values` (-> details), `valueString` (-> annotation
 * `valueString`), `imageURL` (-> image) and `dashboardURL`, `panelURL`, `silenceURL`,
 * `generatorURL` (-> links). Source falls back to `grafana`.
 *
 * `message` is left out of each signal's raw: it is the text of every alert of the group, so
 * keeping it with each alert would grow with the square of the group's size.
 */
export function parseGrafanaWebhook(body: unknown): ParseResult {
  return parseAlertGroup(body, {
    sender: 'grafana',
    generatorLinkText: 'Alert rule',
    omitFromRaw: ['message'],
    extras: grafanaExtras,
  });
}

function grafanaExtras(alert: JsonObject, field: string, errors: SenderError[]) {
  const links: SignalLink[] = [];
  for (const [name, text] of LINK_FIELDS) {
    const href = readOptionalString(alert[name], `${field}.${name}`, errors);
    if (href !== undefined) links.push({ href, text });
  }
  const imageURL = readOptionalString(alert.imageURL, `${field}.imageURL`, errors);
  const images: SignalImage[] = imageURL !== undefined ? [{ src: imageURL, alt: 'Panel screenshot' }] : [];
  const valueString = readOptionalString(alert.valueString, `${field}.valueString`, errors);

  let details: Record<string, unknown> | undefined;
  if (isJsonObject(alert.values)) details = { ...alert.values };
  else if (alert.values !== undefined && alert.values !== null) errors.push({ field: `${field}.values`, reason: 'must be an object' });

  return { links, images, details, ...(valueString !== undefined ? { annotations: { valueString } } : {}) };
}
