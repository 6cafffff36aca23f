import { UpcasterChain } from '@linchpin/eventsourcing';
import { definitionOf, upcasters } from './catalogue';
import { PersonRegistered, PersonRegisteredV1, PersonRegisteredV2 } from './events/person-registered';
import { PersonUpdated, PersonUpdatedV1, PersonUpdatedV2 } from './events/person-updated';
import { ResponderPaged, ResponderPagedV2, ResponderPagedV3 } from './events/responder-paged';
import { EscalationLevelReached, EscalationLevelReachedV3, EscalationLevelReachedV4 } from './events/escalation-level-reached';
import { IncidentRenotified, IncidentRenotifiedV3, IncidentRenotifiedV4 } from './events/incident-renotified';

// Issue 15: a person can be reached on Microsoft Teams. Every published event carrying a contact
// method's kind took a new version whose union holds `teams`; the older version is raised unchanged.
describe('the teams contact method kind', () => {
  const chain = new UpcasterChain(upcasters);
  const metadata = { correlationId: 'c', causationId: 'c', actor: 'admin', occurredAt: '2026-01-01T00:00:00.000Z' };
  const recorded = { streamId: 's', revision: 0, position: 1, recordedAt: '2026-01-01T00:00:00.000Z' };
  const id = (n: number) => `${n}b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10`;

  const person = {
    personId: id(1),
    name: 'Alice',
    timeZone: 'UTC',
    contactMethods: [{ id: id(2), kind: 'slack' as const, address: 'https://hooks.example.com/alice' }],
    notificationRules: [{ contactMethodId: id(2), afterMinutes: 0 }],
  };
  const teamsPerson = { ...person, contactMethods: [{ id: id(2), kind: 'teams' as const, address: 'https://example.webhook.office.com/alice' }] };

  it('is published in the newest PersonRegistered (v2) and PersonUpdated (v2), never in v1', () => {
    expect(PersonRegistered).toBe(PersonRegisteredV2);
    expect(PersonUpdated).toBe(PersonUpdatedV2);
    expect(PersonRegisteredV2.validate(teamsPerson)).toEqual([]);
    expect(PersonUpdatedV2.validate(teamsPerson)).toEqual([]);
    expect(PersonRegisteredV1.validate(teamsPerson).some((e) => e.startsWith('/contactMethods/0/kind'))).toBe(true);
    expect(PersonUpdatedV1.validate(teamsPerson)).not.toEqual([]);
    expect(PersonRegisteredV2.validate({ ...person, contactMethods: [{ id: id(2), kind: 'pager', address: 'x' }] })).not.toEqual([]);
  });

  it('raises a PersonRegistered v1 and a PersonUpdated v1 to v2 unchanged', () => {
    for (const [v1, v2] of [
      [PersonRegisteredV1, PersonRegisteredV2],
      [PersonUpdatedV1, PersonUpdatedV2],
    ] as const) {
      const up = chain.upcast({ ...v1.create('e', person, metadata), ...recorded });
      expect(up.schemaVersion).toBe(2);
      expect(up.data).toEqual(person);
      expect(v2.validate(up.data)).toEqual([]);
    }
  });

  const page = {
    incidentId: id(0),
    pageId: id(3),
    teamId: id(4),
    team: 'payments',
    personId: id(1),
    responder: 'Alice',
    contactMethodId: id(2),
    contactKind: 'email' as const,
    priority: 'P1' as const,
    title: 'Checkout errors',
    escalationLevel: 1,
    reason: 'named by the level',
  };

  it('raises a ResponderPaged v2 to v3 unchanged; only v3 pages a teams contact method', () => {
    const up = chain.upcast({ ...ResponderPagedV2.create('e', page, { ...metadata, incidentId: id(0) }), ...recorded });
    expect(up.schemaVersion).toBe(3);
    expect(up.data).toEqual(page);
    expect(ResponderPaged).toBe(ResponderPagedV3);
    expect(ResponderPagedV3.validate({ ...page, contactKind: 'teams' })).toEqual([]);
    expect(ResponderPagedV2.validate({ ...page, contactKind: 'teams' })).not.toEqual([]);
  });

  const notified = {
    pageId: id(3),
    personId: id(1),
    name: 'Alice',
    contactMethodId: id(2),
    contactKind: 'webhook' as const,
    via: { kind: 'person' as const, id: id(1), reason: 'named by the level' },
  };

  it('raises an EscalationLevelReached v3 to v4 unchanged; only v4 pages a teams contact method', () => {
    const data = {
      incidentId: id(0),
      policy: { policyId: id(5), version: 1, name: 'payments primary' },
      level: 1,
      repeat: 0,
      paged: [notified],
      skipped: [],
      deadlineAt: '2026-03-03T09:15:00.000Z',
      reason: 'level 1 of 2',
      schedules: [],
      teams: [],
    };
    const up = chain.upcast({ ...EscalationLevelReachedV3.create('e', data, { ...metadata, incidentId: id(0) }), ...recorded });
    expect(up.schemaVersion).toBe(4);
    expect(up.data).toEqual(data);
    expect(EscalationLevelReached).toBe(EscalationLevelReachedV4);
    const teams = { ...data, paged: [{ ...notified, contactKind: 'teams' }] };
    expect(EscalationLevelReachedV4.validate(teams)).toEqual([]);
    expect(EscalationLevelReachedV3.validate(teams)).not.toEqual([]);
  });

  it('raises an IncidentRenotified v3 to v4 unchanged; only v4 re-notifies on a teams contact method', () => {
    const data = { incidentId: id(0), cause: 'acknowledgement-timeout' as const, notified: [notified], reason: 'no acknowledgement for 30 minutes' };
    const up = chain.upcast({ ...IncidentRenotifiedV3.create('e', data, { ...metadata, incidentId: id(0) }), ...recorded });
    expect(up.schemaVersion).toBe(4);
    expect(up.data).toEqual(data);
    expect(IncidentRenotified).toBe(IncidentRenotifiedV4);
    const teams = { ...data, notified: [{ ...notified, contactKind: 'teams' }] };
    expect(IncidentRenotifiedV4.validate(teams)).toEqual([]);
    expect(IncidentRenotifiedV3.validate(teams)).not.toEqual([]);
  });

  it('is in the catalogue: each new version beside the old ones', () => {
    for (const [type, version] of [
      ['PersonRegistered', 2],
      ['PersonUpdated', 2],
      ['ResponderPaged', 3],
      ['EscalationLevelReached', 4],
      ['IncidentRenotified', 4],
    ] as const) {
      expect(definitionOf(type, version)).toBeDefined();
      expect(definitionOf(type, version - 1)).toBeDefined();
    }
  });
});
