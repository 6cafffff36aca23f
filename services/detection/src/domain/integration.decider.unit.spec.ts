import { DomainError, given } from '@linchpin/eventsourcing';
import {
  IntegrationCommand,
  IntegrationCreated,
  integrationDecider,
  IntegrationEvent,
  IntegrationKeyRevoked,
  IntegrationSettings,
  IntegrationSettingsChanged,
  LogRule,
} from './integration.decider';

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const INTEGRATION = uuid(0x1);
const context = (m: number) => ({ actor: 'user:alice', causationId: `request-${m}`, occurredAt: new Date(Date.parse('2026-03-02T09:00:00.000Z') + m * 60_000).toISOString() });
const KEY_HASH = 'a'.repeat(64);

const timeouts: LogRule = {
  id: 'gateway-timeouts',
  name: 'Payment gateway timeouts',
  pattern: 'gateway timeout',
  flags: 'i',
  level: 'error',
  threshold: 5,
  windowSeconds: 60,
  severity: 'error',
};
const SETTINGS: IntegrationSettings = { flapping: { maxChanges: 4, windowSeconds: 1800 }, rateLimitPerMinute: 120 };

const create = (settings: IntegrationSettings = SETTINGS): IntegrationCommand => ({
  type: 'CreateIntegration',
  eventId: uuid(0x100),
  integrationId: INTEGRATION,
  name: 'payments logs',
  kind: 'logs',
  service: 'payments',
  keyHash: KEY_HASH,
  keyHint: 'x9Qz',
  settings,
  context: context(0),
});
const change = (m: number, settings: IntegrationSettings): IntegrationCommand => ({
  type: 'ChangeIntegrationSettings',
  eventId: uuid(0x200 + m),
  integrationId: INTEGRATION,
  settings,
  context: context(m),
});
const revoke = (m: number): IntegrationCommand => ({ type: 'RevokeIntegrationKey', eventId: uuid(0x300 + m), integrationId: INTEGRATION, context: context(m) });

const recorded = (...commands: IntegrationCommand[]): IntegrationEvent[] =>
  commands.reduce<IntegrationEvent[]>((history, command) => [...history, ...integrationDecider.decide(command, given(integrationDecider, history).state())], []);

describe('integration decider', () => {
  it('refuses fingerprint fields on a PagerDuty integration: acknowledge and resolve carry only the dedup_key', () => {
    const pagerduty = { ...create({ ...SETTINGS, fingerprintFields: ['source'] }), kind: 'pagerduty' } as IntegrationCommand;
    expect(given(integrationDecider).when(pagerduty).thenThrows(DomainError)).toMatchObject({
      code: 'fingerprint-fields-not-supported',
      field: 'fingerprintFields',
    });
  });

  it('creates an integration bound to a kind and a service, keeping only the hash of its key', () => {
    // then() asserts the command was accepted before handing over the events
    const events = given(integrationDecider)
      .when(create({ ...SETTINGS, fingerprintFields: ['labels.alertname'], logRules: [timeouts] }))
      .then((decided) => {
        expect(decided).toHaveLength(1);
        expect(decided[0].type).toBe('IntegrationCreated');
        expect(decided[0].data).toEqual({
          integrationId: INTEGRATION,
          name: 'payments logs',
          kind: 'logs',
          service: 'payments',
          keyHash: KEY_HASH,
          keyHint: 'x9Qz',
          fingerprintFields: ['labels.alertname'],
          flapping: { maxChanges: 4, windowSeconds: 1800 },
          rateLimitPerMinute: 120,
          logRules: [timeouts],
        });
        expect(IntegrationCreated.validate(decided[0].data)).toEqual([]);
      });
    expect(given(integrationDecider, events).state()).toMatchObject({ status: 'active', version: 1, service: 'payments', kind: 'logs' });
  });

  it('refuses to create the same integration twice', () => {
    const outcome = given(integrationDecider, recorded(create())).when(create());
    expect(outcome.events).toEqual([]);
    outcome.thenThrows(DomainError, 'integration-exists');
  });

  it('a settings change is a new version, and the latest settings apply', () => {
    const strict = { ...SETTINGS, flapping: { maxChanges: 2, windowSeconds: 600 } };
    given(integrationDecider, recorded(create()))
      .when(change(1, strict))
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['IntegrationSettingsChanged']);
        expect(events[0].data).toEqual({ integrationId: INTEGRATION, version: 2, ...strict });
        expect(IntegrationSettingsChanged.validate(events[0].data)).toEqual([]);
      });

    const third = given(integrationDecider, recorded(create(), change(1, strict)))
      .when(change(2, SETTINGS))
      .then((events) => expect(events[0].data).toMatchObject({ version: 3 }));
    expect(given(integrationDecider, [...recorded(create(), change(1, strict)), ...third]).state()).toMatchObject({ version: 3, settings: SETTINGS });
  });

  it('revokes the key; a revoked integration stays on record', () => {
    const events = given(integrationDecider, recorded(create()))
      .when(revoke(1))
      .then((decided) => {
        expect(decided.map((e) => e.type)).toEqual(['IntegrationKeyRevoked']);
        expect(decided[0].data).toEqual({ integrationId: INTEGRATION });
        expect(IntegrationKeyRevoked.validate(decided[0].data)).toEqual([]);
      });
    expect(given(integrationDecider, [...recorded(create()), ...events]).state()).toMatchObject({ status: 'revoked', keyHash: KEY_HASH });
  });

  it('revoking twice records nothing more', () => {
    given(integrationDecider, recorded(create(), revoke(1))).when(revoke(2)).then([]);
  });

  it.each<[string, IntegrationCommand]>([
    ['change the settings of', change(1, SETTINGS)],
    ['revoke the key of', revoke(1)],
  ])('refuses to %s an integration that does not exist', (_name, command) => {
    const outcome = given(integrationDecider).when(command);
    expect(outcome.events).toEqual([]);
    outcome.thenThrows(DomainError, 'integration-unknown');
  });

  describe('log rules', () => {
    const broken: LogRule = { ...timeouts, id: 'broken', pattern: 'timeout (gateway' };

    it('refuses an invalid regular expression at creation, naming the rule and the field', () => {
      const outcome = given(integrationDecider).when(create({ ...SETTINGS, logRules: [timeouts, broken] }));
      expect(outcome.events).toEqual([]);
      const error = outcome.thenThrows(DomainError);
      expect(error).toMatchObject({ code: 'invalid-log-rule', field: 'logRules.1.pattern' });
      expect(error.message).toContain('log rule broken');
    });

    it('refuses an invalid regular expression in a settings change, and the settings stay as they were', () => {
      const history = recorded(create({ ...SETTINGS, logRules: [timeouts] }));
      const outcome = given(integrationDecider, history).when(change(1, { ...SETTINGS, logRules: [broken] }));
      expect(outcome.events).toEqual([]);
      expect(outcome.thenThrows(DomainError)).toMatchObject({ code: 'invalid-log-rule', field: 'logRules.0.pattern' });
      expect(given(integrationDecider, history).state()).toMatchObject({ version: 1, settings: { logRules: [timeouts] } });
    });

    it.each([
      ['a backreference', { pattern: '(timeout) \\1' }, 'logRules.0.pattern', 'uses a backreference'],
      ['a lookahead', { pattern: 'timeout(?! retried)' }, 'logRules.0.pattern', 'uses a negative lookahead'],
      ['an unknown flag', { flags: 'ix' }, 'logRules.0.flags', 'flag "x" is not supported'],
    ])('refuses %s, which the linear-time engine does not run, naming the field', (_name, over, field, why) => {
      const outcome = given(integrationDecider).when(create({ ...SETTINGS, logRules: [{ ...timeouts, ...over }] }));
      expect(outcome.events).toEqual([]);
      const error = outcome.thenThrows(DomainError);
      expect(error).toMatchObject({ code: 'invalid-log-rule', field });
      expect(error.message).toContain(why);
    });

    it('accepts rules whose expressions compile', () => {
      const anchored: LogRule = { ...timeouts, id: 'oom', pattern: '^OOMKilled\\b.*$', flags: 'm' };
      // then() asserts the command was accepted
      given(integrationDecider)
        .when(create({ ...SETTINGS, logRules: [timeouts, anchored] }))
        .then(() => undefined);
    });
  });
});
