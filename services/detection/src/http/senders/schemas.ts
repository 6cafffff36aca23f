import type { SchemaObject } from '@nestjs/swagger';
import { NO_CONTROL_CHARS_PATTERN } from '@linchpin/platform';
import {
  CHANGE_LINK_HREF_MAX_LENGTH,
  CHANGE_LINK_TEXT_MAX_LENGTH,
  CHANGE_MAX_LINKS,
  CHANGE_SOURCE_MAX_LENGTH,
  CHANGE_SUMMARY_MAX_LENGTH,
} from '@linchpin/contracts';
import { PAGERDUTY_MAX_DEDUP_KEY_LENGTH, PAGERDUTY_MAX_SUMMARY_LENGTH } from './pagerduty';
import { REPORT_MAX_DESCRIPTION_LENGTH, REPORT_MAX_NAME_LENGTH } from './report';
import { SIGNAL_SEVERITIES } from './severity';

/**
 * The payloads of the sender routes, as the parsers beside this file read them (they are parsed by
 * hand, not by a DTO, so that each sender's own answers and leniencies are kept): the OpenAPI
 * document states them from here. Fields a parser does not read are accepted.
 */

/** A string with something other than white space in it (what `nonBlank` accepts). */
const NON_BLANK = { type: 'string', pattern: '\\S' } satisfies SchemaObject;
/** What `readOptionalString` accepts: absent, null, empty or a string. */
const OPTIONAL_STRING = { type: 'string', nullable: true } satisfies SchemaObject;
/** What `readStringMap` accepts: absent, null or an object of strings. */
const STRING_MAP = { type: 'object', nullable: true, additionalProperties: { type: 'string' } } satisfies SchemaObject;
/** What `readSenderTime` accepts: absent, null, empty or an ISO 8601 time. */
const SENDER_TIME = { type: 'string', nullable: true, anyOf: [{ format: 'date-time' }, { maxLength: 0 }] } satisfies SchemaObject;

/** Alertmanager's webhook notification (version 4) and Grafana's copy of it: what `parseAlertGroup` reads. */
function alertGroup(extraAlertFields: Record<string, SchemaObject>): SchemaObject {
  return {
    type: 'object',
    required: ['alerts'],
    properties: {
      alerts: {
        type: 'array',
        items: {
          type: 'object',
          required: ['status'],
          properties: {
            status: { type: 'string', enum: ['firing', 'resolved'] },
            labels: STRING_MAP,
            annotations: STRING_MAP,
            startsAt: SENDER_TIME,
            endsAt: SENDER_TIME,
            fingerprint: { ...OPTIONAL_STRING, description: 'The alert’s identity: its repeats and its resolution carry the same one' },
            generatorURL: OPTIONAL_STRING,
            ...extraAlertFields,
          },
        },
      },
      groupKey: { type: 'string', description: 'Alerts of one group share an incident while any of them fires' },
    },
  };
}

export const ALERTMANAGER_WEBHOOK_SCHEMA = alertGroup({});

export const GRAFANA_WEBHOOK_SCHEMA = alertGroup({
  dashboardURL: OPTIONAL_STRING,
  panelURL: OPTIONAL_STRING,
  silenceURL: OPTIONAL_STRING,
  imageURL: OPTIONAL_STRING,
  valueString: OPTIONAL_STRING,
  values: { type: 'object', nullable: true, additionalProperties: true },
});

const PAGERDUTY_PAYLOAD = {
  type: 'object',
  properties: {
    summary: { ...NON_BLANK, maxLength: PAGERDUTY_MAX_SUMMARY_LENGTH },
    source: NON_BLANK,
    severity: { type: 'string', enum: [...SIGNAL_SEVERITIES] },
    timestamp: { type: 'string', format: 'date-time', nullable: true },
    component: { type: 'string' },
    group: { type: 'string' },
    class: { type: 'string' },
    custom_details: { description: 'Anything: kept as the signal’s details' },
  },
} satisfies SchemaObject;

/** PagerDuty Events API v2, as `parsePagerDutyEvent` reads it: a trigger needs a payload, an acknowledge or a resolve a dedup_key. */
export const PAGERDUTY_EVENT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['routing_key', 'event_action'],
  properties: {
    routing_key: { ...NON_BLANK, description: 'The key of a Linchpin integration of kind `pagerduty`' },
    event_action: { type: 'string', enum: ['trigger', 'acknowledge', 'resolve'] },
    dedup_key: { ...NON_BLANK, maxLength: PAGERDUTY_MAX_DEDUP_KEY_LENGTH },
    payload: PAGERDUTY_PAYLOAD,
    client: { type: 'string' },
    client_url: { type: 'string' },
  },
  oneOf: [
    {
      properties: { event_action: { enum: ['trigger'] }, payload: { required: ['summary', 'source', 'severity'] } },
      required: ['payload'],
    },
    { properties: { event_action: { enum: ['acknowledge', 'resolve'] } }, required: ['dedup_key'] },
  ],
};

/** PagerDuty's Change Events API, as `parsePagerDutyChangeEvent` reads it: a routing key and a summary, the rest optional. */
export const PAGERDUTY_CHANGE_EVENT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['routing_key', 'payload'],
  properties: {
    routing_key: { ...NON_BLANK, description: 'The key of a Linchpin integration of kind `pagerduty` (the same key sends alerts to `/v2/enqueue`)' },
    payload: {
      type: 'object',
      required: ['summary'],
      properties: {
        summary: { ...NON_BLANK, maxLength: CHANGE_SUMMARY_MAX_LENGTH, example: 'Build Success: Increase snapshot create timeout to 30 seconds' },
        timestamp: { type: 'string', format: 'date-time', nullable: true, description: 'When the change happened; default: when received' },
        source: {
          type: 'string',
          nullable: true,
          maxLength: CHANGE_SOURCE_MAX_LENGTH,
          pattern: NO_CONTROL_CHARS_PATTERN,
          example: 'acme-build-pipeline-tool-default-i-9999',
          description: 'Where the change happened (a host, a pipeline)',
        },
        custom_details: { description: 'Anything: kept as JSON text, cut at 16 KiB' },
      },
    },
    links: {
      type: 'array',
      nullable: true,
      maxItems: CHANGE_MAX_LINKS,
      description: 'Kept as given; Linchpin never fetches them',
      items: {
        type: 'object',
        required: ['href'],
        properties: {
          href: { ...NON_BLANK, maxLength: CHANGE_LINK_HREF_MAX_LENGTH, example: 'https://acme.pagerduty.dev/build/2' },
          text: { type: 'string', nullable: true, maxLength: CHANGE_LINK_TEXT_MAX_LENGTH, example: 'View more details in Acme!' },
        },
      },
    },
  },
};

/** A user report, as `parseUserReport` reads it. */
export const USER_REPORT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['reporter', 'description', 'service'],
  properties: {
    reporter: { ...NON_BLANK, maxLength: REPORT_MAX_NAME_LENGTH, example: 'jane@example.com' },
    description: { ...NON_BLANK, maxLength: REPORT_MAX_DESCRIPTION_LENGTH, example: 'Checkout fails with error 500 for customers in the EU' },
    service: { ...NON_BLANK, maxLength: REPORT_MAX_NAME_LENGTH, example: 'checkout' },
    usersAffected: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 250 },
    severity: { type: 'string', enum: [...SIGNAL_SEVERITIES] },
    reportKey: { ...NON_BLANK, maxLength: REPORT_MAX_NAME_LENGTH, description: 'Repeated reports with the same key count as one alert.' },
  },
};

/**
 * A batch of log lines (`splitLogLines`): NDJSON or plain text as a string; as JSON, an array of
 * lines (objects, or strings of text lines: other items hold no line) or one object.
 */
export const LOG_BATCH_SCHEMA: SchemaObject = {
  oneOf: [{ type: 'string' }, { type: 'array', items: {} }, { type: 'object', additionalProperties: true }],
  example: '{"level":"error","message":"payment gateway timeout"}\n{"level":"info","message":"ok"}',
};

/** The same batch as NDJSON or plain text: any text (no schema: every body is some text, and a line that is not a JSON object is a text line). */
export const LOG_TEXT_SCHEMA: SchemaObject = {
  description: 'Lines of text: JSON objects one per line (NDJSON) or plain text lines, which may start with a level word.',
  example: '{"level":"error","message":"payment gateway timeout"}\nWARN disk 91% full',
};
