import { UpcasterChain } from '@linchpin/eventsourcing';
import { catalogue, definitionOf, jsonSchemas, upcasters } from './catalogue';
import { IncidentDetected } from './events/incident-detected';
import { IncidentTriagedV2, IncidentTriagedV3 } from './events/incident-triaged';
import { IncidentUnroutedV1, IncidentUnroutedV2 } from './events/incident-unrouted';
import { IncidentRenotified, IncidentRenotifiedV1, IncidentRenotifiedV2, IncidentRenotifiedV3, IncidentRenotifiedV4 } from './events/incident-renotified';
import { TriageStatusChanged, TriageStatusChangedV1, TriageStatusChangedV2 } from './events/triage-status-changed';
import { StatusUpdatePosted, StatusUpdatePostedV1, StatusUpdatePostedV2 } from './events/status-update-posted';
import { EscalationLevelReached, EscalationLevelReachedV1, EscalationLevelReachedV2, EscalationLevelReachedV3, EscalationLevelReachedV4 } from './events/escalation-level-reached';

describe('the published event catalogue', () => {
  it('names every event once per version, with an explicit type string and a JSON schema', () => {
    const keys = catalogue.map(({ definition }) => `${definition.type}@${definition.schemaVersion}`);
    expect(new Set(keys).size).toBe(keys.length);
    const schemas = jsonSchemas();
    for (const { definition } of catalogue) {
      expect(definition.type).toMatch(/^[A-Z][A-Za-z]+$/);
      const schema = schemas[`${definition.type}.v${definition.schemaVersion}`] as { type: string; title: string };
      expect(schema).toMatchObject({ type: 'object', title: definition.type });
      expect(JSON.parse(JSON.stringify(schema))).toMatchObject({ type: 'object', properties: expect.any(Object) });
    }
    expect(definitionOf('IncidentDetected', 1)).toBe(IncidentDetected);
  });

  it('validates data against the schema and says which field is wrong', () => {
    const valid = {
      incidentId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
      title: 'Checkout errors',
      severity: 'critical',
      source: 'prometheus',
      labels: {},
      alertId: '1b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
      fingerprint: 'f',
      firstSignalAt: '2026-01-01T00:00:00.000Z',
    };
    expect(IncidentDetected.validate(valid)).toEqual([]);
    const errors = IncidentDetected.validate({ ...valid, severity: 'catastrophic' });
    expect(errors.some((e) => e.startsWith('/severity'))).toBe(true);
  });
});

describe('upcasters for the default route and unpaged incidents', () => {
  const chain = new UpcasterChain(upcasters);
  const metadata = { incidentId: 'i', correlationId: 'i', causationId: 'c', actor: 'a', occurredAt: '2026-01-01T00:00:00.000Z' };
  const recorded = { streamId: 's', revision: 0, position: 1, recordedAt: '2026-01-01T00:00:00.000Z' };

  it('raises an IncidentTriaged v2 to v3 with the built-in default route, team operations', () => {
    const v2 = IncidentTriagedV2.create(
      'e',
      {
        incidentId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
        priority: 'P2',
        severity: 'SEV2',
        impact: 2,
        urgency: 2,
        matrix: { id: 'itil-default', version: 1 },
        route: { team: 'payments', ruleId: 'routing-default/team-label', ruleVersion: 1 },
        title: 'Checkout errors',
        rationale: [],
      },
      metadata,
    );
    const up = chain.upcast({ ...v2, ...recorded });
    expect(up.schemaVersion).toBe(3);
    expect(IncidentTriagedV3.validate(up.data)).toEqual([]);
    expect((up.data as unknown as { fallbackRoute: unknown }).fallbackRoute).toEqual({ team: 'operations' });
  });

  it('raises an IncidentUnrouted v1 to v2: nobody paged, with the cause read from the reason', () => {
    const v1 = (reason: string) =>
      chain.upcast({ ...IncidentUnroutedV1.create('e', { incidentId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10', team: 'ghost', reason }, metadata), ...recorded });
    const unknown = v1('no team named "ghost" (rule r v1)');
    expect(unknown.schemaVersion).toBe(2);
    expect(IncidentUnroutedV2.validate(unknown.data)).toEqual([]);
    expect(unknown.data).toMatchObject({ paged: false, cause: 'unknown-team' });
    expect(v1('team "ghost" has no members').data).toMatchObject({ paged: false, cause: 'no-members' });
  });

  it('raises an IncidentRenotified v1 to v2, then v3 and v4, unchanged (v2 only adds the cause notification-rule and an optional rule; v3 the cause sla-breached and an optional sla)', () => {
    const data = {
      incidentId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
      cause: 'delivery-failed' as const,
      notified: [
        {
          pageId: '1b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
          personId: '2b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
          name: 'alice',
          contactMethodId: '3b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
          contactKind: 'slack' as const,
          via: { kind: 'person' as const, id: '2b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10', reason: 'named by the level' },
        },
      ],
      failedPageId: '4b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
      reason: 'the page failed',
    };
    const up = chain.upcast({ ...IncidentRenotifiedV1.create('e', data, metadata), ...recorded });
    // Raised to the newest version (v4 since issue 15's Teams contacts) through v2 and v3, unchanged.
    expect(up.schemaVersion).toBe(4);
    expect(up.data).toEqual(data);
    expect(IncidentRenotifiedV2.validate(up.data)).toEqual([]);
    expect(IncidentRenotifiedV3.validate(up.data)).toEqual([]);
    expect(IncidentRenotified).toBe(IncidentRenotifiedV4);
    expect(IncidentRenotifiedV1.validate({ ...data, cause: 'notification-rule' })).not.toEqual([]);
    expect(IncidentRenotifiedV2.validate({ ...data, cause: 'sla-breached' })).not.toEqual([]);
  });

  it('raises a StatusUpdatePosted v1 to v2 as a public update (where v1 updates went), impact none, no eta, no template', () => {
    const data = { incidentId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10', updateId: '1b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10', status: 'identified' as const, message: 'bad deploy' };
    const up = chain.upcast({ ...StatusUpdatePostedV1.create('e', data, metadata), ...recorded });
    expect(up.schemaVersion).toBe(2);
    expect(up.data).toEqual({ ...data, audience: 'public', impact: 'none', eta: null, template: null });
    expect(StatusUpdatePostedV2.validate(up.data)).toEqual([]);
    expect(StatusUpdatePosted).toBe(StatusUpdatePostedV2);
    expect(StatusUpdatePostedV2.validate({ ...up.data, audience: 'everyone' })).not.toEqual([]);
    expect(StatusUpdatePostedV2.validate({ ...up.data, eta: 'soon' })).not.toEqual([]);
  });

  it('raises a TriageStatusChanged v1 to v2 unchanged (v2 only widens the status to the whole lifecycle)', () => {
    const data = { incidentId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10', status: 'acknowledged' as const, cause: 'IncidentAcknowledged', by: 'alice' };
    const up = chain.upcast({ ...TriageStatusChangedV1.create('e', data, metadata), ...recorded });
    expect(up.schemaVersion).toBe(2);
    expect(up.data).toEqual(data);
    expect(TriageStatusChangedV2.validate(up.data)).toEqual([]);
    expect(TriageStatusChanged).toBe(TriageStatusChangedV2);
    expect(TriageStatusChangedV2.validate({ ...data, status: 'monitoring' })).toEqual([]);
    expect(TriageStatusChangedV1.validate({ ...data, status: 'monitoring' })).not.toEqual([]);
  });

  it('raises an EscalationLevelReached v1 to v2 (empty schedules and teams), then v3 and v4 unchanged; from v3 on it takes a null deadline and the SLA breach that reached the level', () => {
    const id = (n: number) => `${n}b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10`;
    const data = {
      incidentId: id(0),
      policy: { policyId: id(1), version: 1, name: 'payments primary' },
      level: 2,
      repeat: 0,
      paged: [
        {
          pageId: id(2),
          personId: id(3),
          name: 'bob',
          contactMethodId: id(4),
          contactKind: 'webhook' as const,
          via: { kind: 'person' as const, id: id(3), reason: 'named by the level' },
        },
      ],
      skipped: [],
      deadlineAt: '2026-03-03T09:15:00.000Z',
      reason: 'level 2 of 2',
    };
    const up = chain.upcast({ ...EscalationLevelReachedV1.create('e', data, metadata), ...recorded });
    // The newest version is v4 since issue 15's Teams contacts (v3 → v4 unchanged).
    expect(up.schemaVersion).toBe(4);
    expect(up.data).toEqual({ ...data, schedules: [], teams: [] });
    expect(EscalationLevelReachedV3.validate(up.data)).toEqual([]);
    expect(EscalationLevelReached).toBe(EscalationLevelReachedV4);
    const breach = { ...data, schedules: [], teams: [], deadlineAt: null, sla: { breachId: id(5), target: 'resolve', priority: 'P1' } };
    expect(EscalationLevelReachedV3.validate(breach)).toEqual([]);
    expect(EscalationLevelReachedV2.validate(breach)).not.toEqual([]);
  });
});
