import {
  CHANGE_LINK_HREF_MAX_LENGTH,
  CHANGE_LINK_TEXT_MAX_LENGTH,
  CHANGE_MAX_LINKS,
  CHANGE_SOURCE_MAX_LENGTH,
  CHANGE_SUMMARY_MAX_LENGTH,
} from '@linchpin/contracts';
import { hasControlCharacters, hasRealCalendarFields } from '@linchpin/platform';
import type { ChangeLink } from '../../domain/change.decider';
import { isJsonObject, JsonObject, nonBlank, toUtcIso } from './payload-fields';
import type { SenderError } from './parse-result';

/**
 * PagerDuty's Change Events API (`POST /v2/change/enqueue`), accepted and refused as PagerDuty does.
 * Fields: https://developer.pagerduty.com/docs/events-api-v2/send-change-events/ (routing_key and
 * payload.summary required, summary at most 1024 characters; payload.source, payload.timestamp,
 * payload.custom_details and links `[{href, text?}]` optional). The same integration key sends alerts
 * and changes, as in PagerDuty.
 *
 * The refusals follow the patterns of PagerDuty's alert answers (see `pagerduty.ts`: "'<field>' is
 * missing or blank", "'<field>' is invalid (must be ...)", "'routing_key' cannot be blank"); the bounds
 * PagerDuty does not state (source, links) are ours, stated in the OpenAPI document.
 */

/** What a change event says, the routing key apart: the caller turns the key into its integration. */
export interface PagerDutyChange {
  routingKey: string;
  summary: string;
  /** The sender's time, as UTC ISO 8601; absent when it gave none. */
  timestamp?: string;
  source?: string;
  /** Any JSON the sender put there (PagerDuty documents an object); absent when absent or null. */
  customDetails?: unknown;
  links: ChangeLink[];
}

export type PagerDutyChangeParseResult = { ok: true; change: PagerDutyChange } | { ok: false; errors: SenderError[] };

/** The answers of `/v2/change/enqueue`, as PagerDuty words them (errors: `pagerDutyResponse`). */
export const pagerDutyChangeResponse = {
  accepted: () => ({ status: 'success', message: 'Change event processed' }),
};

export function parsePagerDutyChangeEvent(body: unknown): PagerDutyChangeParseResult {
  // A body that is not an object is answered as an empty one: each required field is missing.
  const event: JsonObject = isJsonObject(body) ? body : {};
  const errors: SenderError[] = [];
  const fail = (field: string, reason: string) => errors.push({ field, reason });

  const routingKey = nonBlank(event.routing_key);
  if (routingKey === undefined) fail('routing_key', "'routing_key' cannot be blank");

  const payload: JsonObject = isJsonObject(event.payload) ? event.payload : {};
  const summary = nonBlank(payload.summary);
  if (summary === undefined) fail('payload.summary', "'payload.summary' is missing or blank");
  else if (summary.length > CHANGE_SUMMARY_MAX_LENGTH)
    fail('payload.summary', `'payload.summary' is too long (must be at most ${CHANGE_SUMMARY_MAX_LENGTH} characters)`);

  let timestamp: string | undefined;
  if (payload.timestamp !== undefined && payload.timestamp !== null) {
    // PagerDuty's forms (`+0000`, no zone read as UTC), but only a moment that exists: Date would read 30 February as 2 March.
    timestamp = typeof payload.timestamp === 'string' && hasRealCalendarFields(payload.timestamp.trim()) ? toUtcIso(payload.timestamp) : undefined;
    if (timestamp === undefined) fail('payload.timestamp', "'payload.timestamp' is invalid (must be an ISO 8601 timestamp)");
  }

  const source = readSource(payload.source, fail);
  const links = readLinks(event.links, fail);
  const customDetails = payload.custom_details ?? undefined;

  if (errors.length > 0 || routingKey === undefined || summary === undefined) return { ok: false, errors };
  return {
    ok: true,
    change: {
      routingKey,
      summary,
      ...(timestamp !== undefined ? { timestamp } : {}),
      ...(source !== undefined ? { source } : {}),
      ...(customDetails !== undefined ? { customDetails } : {}),
      links,
    },
  };
}

type Fail = (field: string, reason: string) => void;

/** Where the change happened: a name (a host, a pipeline), so no control character; absent, null or empty is none. */
function readSource(value: unknown, fail: Fail): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail('payload.source', "'payload.source' is invalid (must be a string)");
  else if (value.length > CHANGE_SOURCE_MAX_LENGTH) fail('payload.source', `'payload.source' is too long (must be at most ${CHANGE_SOURCE_MAX_LENGTH} characters)`);
  else if (hasControlCharacters(value)) fail('payload.source', "'payload.source' is invalid (must not contain control characters)");
  else return value;
  return undefined;
}

/**
 * PagerDuty's links: each an object with an `href` (required) and an optional `text`. Hrefs are kept as
 * given and never fetched; a reader shows them as links the sender gave.
 */
function readLinks(value: unknown, fail: Fail): ChangeLink[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    fail('links', "'links' is invalid (must be a list of objects with an href)");
    return [];
  }
  if (value.length > CHANGE_MAX_LINKS) {
    fail('links', `'links' is too long (must be at most ${CHANGE_MAX_LINKS} links)`);
    return [];
  }
  return value.flatMap((entry: unknown, index): ChangeLink[] => {
    const link: JsonObject = isJsonObject(entry) ? entry : {};
    const field = `links[${index}]`;
    const refusals: [string, string][] = [];
    const href = nonBlank(link.href);
    if (href === undefined) refusals.push([`${field}.href`, `'${field}.href' is missing or blank`]);
    else if (href.length > CHANGE_LINK_HREF_MAX_LENGTH)
      refusals.push([`${field}.href`, `'${field}.href' is too long (must be at most ${CHANGE_LINK_HREF_MAX_LENGTH} characters)`]);
    const text = link.text ?? undefined;
    if (text !== undefined && typeof text !== 'string') refusals.push([`${field}.text`, `'${field}.text' is invalid (must be a string)`]);
    else if (typeof text === 'string' && text.length > CHANGE_LINK_TEXT_MAX_LENGTH)
      refusals.push([`${field}.text`, `'${field}.text' is too long (must be at most ${CHANGE_LINK_TEXT_MAX_LENGTH} characters)`]);
    for (const [name, reason] of refusals) fail(name, reason);
    if (refusals.length > 0 || href === undefined) return [];
    // A blank text says nothing: the link is shown by its href.
    const shown = nonBlank(text);
    return [{ href, ...(shown !== undefined ? { text: shown } : {}) }];
  });
}
