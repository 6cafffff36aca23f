import { Static, Type } from '@sinclair/typebox';
import { assertNever, CommandContext, configurationMetadata, Decider, DomainError } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, Severity, Uuid } from '@linchpin/contracts';
import { compileLinearPattern } from '@linchpin/patterns';
import { HeartbeatSettingsSchema } from './heartbeat.decider';

/*
 * Integrations: where signals come from. Each has a secret key (in the sender's URL or PagerDuty's
 * routing_key), stored only as its SHA-256, and settings of how its signals are read. Internal to
 * detection: stream `integration-<id>`, not published.
 */

export const INTEGRATION_KINDS = ['alertmanager', 'grafana', 'pagerduty', 'logs'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

const LogRuleSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
  /** A regular expression (JavaScript syntax, run on a linear-time engine) matched against each line's message. */
  pattern: Type.String({ minLength: 1 }),
  flags: Type.Optional(Type.String()),
  /** Only lines at this level (e.g. `error`) count, when set. */
  level: Type.Optional(Type.String()),
  threshold: Type.Integer({ minimum: 1 }),
  windowSeconds: Type.Integer({ minimum: 1 }),
  severity: Severity,
  service: Type.Optional(Type.String()),
});
export type LogRule = Static<typeof LogRuleSchema>;

const Settings = {
  /** Fingerprint from these fields instead of the sender's key, e.g. `labels.alertname`, `source`. */
  fingerprintFields: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  flapping: Type.Object({ maxChanges: Type.Integer({ minimum: 1 }), windowSeconds: Type.Integer({ minimum: 1 }) }),
  rateLimitPerMinute: Type.Integer({ minimum: 1 }),
  logRules: Type.Optional(Type.Array(LogRuleSchema)),
  /** A beat expected every `intervalMinutes` (see heartbeat.decider); absent: no heartbeat. */
  heartbeat: Type.Optional(HeartbeatSettingsSchema),
};

export const IntegrationCreated = defineEvent(
  'IntegrationCreated',
  1,
  Type.Object({
    integrationId: Uuid,
    name: Type.String({ minLength: 1 }),
    kind: Type.Union(INTEGRATION_KINDS.map((k) => Type.Literal(k))),
    service: Type.String({ minLength: 1 }),
    keyHash: Type.String({ minLength: 64, maxLength: 64 }),
    /** The key's last four characters, to recognise it in a list. */
    keyHint: Type.String(),
    ...Settings,
  }),
);
export const IntegrationSettingsChanged = defineEvent(
  'IntegrationSettingsChanged',
  1,
  Type.Object({ integrationId: Uuid, version: Type.Integer({ minimum: 2 }), ...Settings }),
);
export const IntegrationKeyRevoked = defineEvent('IntegrationKeyRevoked', 1, Type.Object({ integrationId: Uuid }));

export type IntegrationCreatedEvent = EventOf<typeof IntegrationCreated>;
export type IntegrationSettingsChangedEvent = EventOf<typeof IntegrationSettingsChanged>;
export type IntegrationKeyRevokedEvent = EventOf<typeof IntegrationKeyRevoked>;
export type IntegrationEvent = IntegrationCreatedEvent | IntegrationSettingsChangedEvent | IntegrationKeyRevokedEvent;
export type IntegrationSettings = Omit<IntegrationSettingsChangedEvent['data'], 'integrationId' | 'version'>;

export type IntegrationCommand =
  | {
      type: 'CreateIntegration';
      eventId: string;
      integrationId: string;
      name: string;
      kind: IntegrationKind;
      service: string;
      keyHash: string;
      keyHint: string;
      settings: IntegrationSettings;
      context: CommandContext;
    }
  | { type: 'ChangeIntegrationSettings'; eventId: string; integrationId: string; settings: IntegrationSettings; context: CommandContext }
  | { type: 'RevokeIntegrationKey'; eventId: string; integrationId: string; context: CommandContext };

export type IntegrationState =
  | { status: 'none' }
  | {
      status: 'active' | 'revoked';
      integrationId: string;
      name: string;
      kind: IntegrationKind;
      service: string;
      keyHash: string;
      keyHint: string;
      version: number;
      settings: IntegrationSettings;
    };


/**
 * Regular expressions are checked here, not at the first log line: a bad one is refused when
 * configured. PagerDuty's identity is the dedup_key: acknowledge and resolve carry nothing else,
 * so fields could never find the alert a trigger opened.
 */
const checkSettings = (kind: IntegrationKind, settings: IntegrationSettings): void => {
  if (kind === 'pagerduty' && (settings.fingerprintFields ?? []).length > 0) {
    throw new DomainError('fingerprint-fields-not-supported', 'a PagerDuty integration deduplicates by dedup_key; set it in the sender', 'fingerprintFields');
  }
  for (const [i, rule] of (settings.logRules ?? []).entries()) {
    const result = compileLinearPattern(rule.pattern, rule.flags);
    if (!result.ok) throw new DomainError('invalid-log-rule', `log rule ${rule.id}: ${result.problem.reason}`, `logRules.${i}.${result.problem.part}`);
  }
};

export const integrationDecider: Decider<IntegrationCommand, IntegrationState, IntegrationEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'IntegrationCreated': {
        const { integrationId, name, kind, service, keyHash, keyHint, ...settings } = event.data;
        return { status: 'active', integrationId, name, kind, service, keyHash, keyHint, version: 1, settings };
      }
      case 'IntegrationSettingsChanged': {
        if (state.status === 'none') return state;
        const { integrationId: _id, version, ...settings } = event.data;
        return { ...state, version, settings };
      }
      case 'IntegrationKeyRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateIntegration':
        if (state.status !== 'none') throw new DomainError('integration-exists', `integration ${command.integrationId} already exists`);
        checkSettings(command.kind, command.settings);
        return [
          IntegrationCreated.create(
            command.eventId,
            {
              integrationId: command.integrationId,
              name: command.name,
              kind: command.kind,
              service: command.service,
              keyHash: command.keyHash,
              keyHint: command.keyHint,
              ...command.settings,
            },
            configurationMetadata(command.context),
          ),
        ];
      case 'ChangeIntegrationSettings':
        if (state.status === 'none') throw new DomainError('integration-unknown', `integration ${command.integrationId} does not exist`);
        checkSettings(state.kind, command.settings);
        return [
          IntegrationSettingsChanged.create(
            command.eventId,
            { integrationId: command.integrationId, version: state.version + 1, ...command.settings },
            configurationMetadata(command.context),
          ),
        ];
      case 'RevokeIntegrationKey':
        if (state.status === 'none') throw new DomainError('integration-unknown', `integration ${command.integrationId} does not exist`);
        // Revoking twice changes nothing: a retried revoke is harmless.
        return state.status === 'revoked' ? [] : [IntegrationKeyRevoked.create(command.eventId, { integrationId: command.integrationId }, configurationMetadata(command.context))];
      default:
        return assertNever(command);
    }
  },
};
