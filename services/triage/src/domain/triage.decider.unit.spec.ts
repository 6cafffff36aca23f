import { DomainError, given, NotFoundError } from '@linchpin/eventsourcing';
import { IncidentReprioritisedEvent, IncidentTriagedEvent, TriageStatusChangedV1 } from '@linchpin/contracts';
import { APPLIED_CAUSES_KEPT } from './applied-causes';
import { Evidence } from './assessment';
import { ITIL_DEFAULT_MATRIX } from './priority-matrix';
import { ROUTING_DEFAULT, RoutingRuleSet } from './routing-rules';
import {
  AssessIncident,
  ChangeStatus,
  ClearOverride,
  OverridePriority,
  QueuedIncident,
  NotePaging,
  QueueIncident,
  TriageCommand,
  TriageEvent,
  triageDecider,
} from './triage.decider';

const INCIDENT = '00000000-0000-4000-8000-0000000000a1';
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const context = (minute: number) => ({ actor: 'system:triage', causationId: `cause-${minute}`, occurredAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z` });

const incident = (over: Partial<QueuedIncident> = {}): QueuedIncident => ({
  incidentId: INCIDENT,
  title: 'checkout errors',
  severity: 'warning',
  source: 'prometheus',
  service: 'checkout',
  labels: { service: 'checkout' },
  detectedAt: '2026-01-01T00:00:00.000Z',
  firstSignalAt: '2025-12-31T23:58:00.000Z',
  ...over,
});

/** Detection's first look: one service, moderate impact, high urgency (3 × 2 = P3 on the default matrix). */
const evidence = (over: Partial<Evidence> = {}): Evidence => ({
  suggestedImpact: 3,
  suggestedUrgency: 2,
  impactedServices: ['checkout'],
  alertCount: 1,
  ...over,
});
const TIER_1 = { criticalTier: 1, criticalReason: 'payments (tier 1) depends on checkout' } as const;

const queue = (over: Partial<QueuedIncident> = {}): QueueIncident => {
  const queued = incident(over);
  return { type: 'QueueIncident', eventId: id(1), incidentId: queued.incidentId, incident: queued, context: context(1) };
};
/** The n-th assessment: its own cause and event ids, as detection's n-th IncidentAssessed would give. */
const assessment = (n: number, ev: Evidence, over: Partial<AssessIncident> = {}): AssessIncident => ({
  type: 'AssessIncident',
  eventIds: [id(100 + 2 * n), id(101 + 2 * n)],
  incidentId: INCIDENT,
  causeId: `assessed-${n}`,
  evidence: ev,
  matrix: ITIL_DEFAULT_MATRIX,
  rules: ROUTING_DEFAULT,
  context: context(10 + n),
  ...over,
});
const overridePriority = (over: Partial<OverridePriority> = {}): OverridePriority => ({
  type: 'OverridePriority',
  eventId: id(200),
  incidentId: INCIDENT,
  priority: 'P4',
  reason: 'known flaky canary, customers unaffected',
  by: 'user:alice',
  context: context(30),
  ...over,
});
const clearOverride = (over: Partial<ClearOverride> = {}): ClearOverride => ({
  type: 'ClearOverride',
  eventId: id(201),
  incidentId: INCIDENT,
  reason: 'canary fixed; back to the evidence',
  by: 'user:bob',
  matrix: ITIL_DEFAULT_MATRIX,
  context: context(40),
  ...over,
});
const CAUSE_OF: Record<ChangeStatus['status'], string> = {
  triggered: 'IncidentReopened',
  acknowledged: 'IncidentAcknowledged',
  investigating: 'IncidentStatusChanged',
  identified: 'IncidentStatusChanged',
  monitoring: 'IncidentStatusChanged',
  resolved: 'IncidentResolved',
};
/** Coordination's news of a status: each coordination event its own cause (the reactor's causationId is the event's id). */
const changeStatus = (status: ChangeStatus['status'], eventId = id(300), cause = `coordination-${eventId}`): ChangeStatus => ({
  type: 'ChangeStatus',
  eventId,
  incidentId: INCIDENT,
  status,
  cause: CAUSE_OF[status],
  by: 'user:alice',
  context: { ...context(50), causationId: cause },
});

/** A recorded history, produced by the decider itself from the commands that made it. */
const historyOf = (...commands: TriageCommand[]): TriageEvent[] =>
  commands.reduce<TriageEvent[]>((events, command) => {
    const state = events.reduce(triageDecider.evolve, triageDecider.initialState);
    return [...events, ...triageDecider.decide(command, state)];
  }, []);

const TRIAGED_P3 = () => historyOf(queue(), assessment(1, evidence()));
const types = (events: TriageEvent[]) => events.map((e) => e.type);
const triagedIn = (events: TriageEvent[]) => events.find((e): e is IncidentTriagedEvent => e.type === 'IncidentTriaged')!;
const reprioritisedIn = (events: TriageEvent[]) => events.find((e): e is IncidentReprioritisedEvent => e.type === 'IncidentReprioritised')!;

describe('triage decider', () => {
  describe('queueing', () => {
    it('records receipt of a detected incident once; a redelivered detection changes nothing', () => {
      const first = given(triageDecider)
        .when(queue())
        .then((events) => {
          expect(types(events)).toEqual(['IncidentQueued']);
          expect(events[0]).toMatchObject({ id: id(1), data: incident(), metadata: { incidentId: INCIDENT, correlationId: INCIDENT } });
        });
      given(triageDecider, first).when(queue()).then([]);
    });
  });

  describe('first assessment', () => {
    it('records the evidence, then IncidentTriaged v3 with priority, severity, route, default route and rationale', () => {
      // then() asserts the command was accepted before handing over the events
      const events = given(triageDecider, historyOf(queue()))
        .when(assessment(1, evidence()))
        .then((decided) => {
          expect(types(decided)).toEqual(['IncidentReassessed', 'IncidentTriaged']);
          expect(decided[0]).toMatchObject({
            id: id(102),
            data: { incidentId: INCIDENT, causeId: 'assessed-1', suggestedImpact: 3, suggestedUrgency: 2, impactedServices: ['checkout'], alertCount: 1 },
          });
          const triaged = decided[1] as IncidentTriagedEvent;
          expect(triaged.id).toBe(id(103));
          expect(triaged.schemaVersion).toBe(3);
          expect(triaged.data).toMatchObject({
            incidentId: INCIDENT,
            priority: 'P3',
            severity: 'SEV3',
            impact: 3,
            urgency: 2,
            matrix: { id: 'itil-default', version: 1 },
            route: { team: 'checkout', ruleId: 'routing-default/service-team', ruleVersion: 1 },
            fallbackRoute: { team: 'operations' },
            service: 'checkout',
            title: 'checkout errors',
          });
          expect(triaged.data.rationale).toEqual([
            'Impact 3 (moderate/limited) as detection assessed it: 1 service(s).',
            'Urgency 2 (high) from the most severe firing alert.',
            'Matrix itil-default v1: impact 3 × urgency 2 gives P3.',
            'Routing rule 2 "routing-default/service-team" of routing-default v1 fired (service "checkout" is owned by the team of the same name): team checkout.',
          ]);
        });
      expect(given(triageDecider, [...historyOf(queue()), ...events]).state()).toMatchObject({
        phase: 'triaged',
        current: { priority: 'P3', overridden: false, since: '2026-01-01T00:11:00.000Z' },
      });
    });

    it('derives the severity from the priority (P1 → SEV1, P5 → SEV4)', () => {
      const p1 = triagedIn(given(triageDecider, historyOf(queue())).when(assessment(1, evidence({ suggestedImpact: 1, suggestedUrgency: 1 }))).events);
      const p5 = triagedIn(given(triageDecider, historyOf(queue())).when(assessment(1, evidence({ suggestedImpact: 4, suggestedUrgency: 4 }))).events);
      expect([p1.data.priority, p1.data.severity]).toEqual(['P1', 'SEV1']);
      expect([p5.data.priority, p5.data.severity]).toEqual(['P5', 'SEV4']);
    });

    it("routes by the catalog owner with the owner's escalation policy when a rule asks for it", () => {
      const rules: RoutingRuleSet = {
        id: 'by-catalog',
        version: 3,
        rules: [{ id: 'catalog-owner', when: {}, route: { teamFromCatalog: true } }],
        defaultRoute: { team: 'operations' },
      };
      // The owner of the incident's own service (checkout), not of another impacted one.
      const catalogOwners = { 'search-db': { team: 'dba' }, checkout: { team: 'payments', escalationPolicy: 'payments-critical' } };
      const command = assessment(1, evidence(), { rules, catalogOwners });
      given(triageDecider, historyOf(queue()))
        .when(command)
        .then((events) => {
          const triaged = triagedIn(events);
          expect(triaged.data.route).toEqual({ team: 'payments', escalationPolicy: 'payments-critical', ruleId: 'by-catalog/catalog-owner', ruleVersion: 3 });
          expect(triaged.data.rationale.at(-1)).toContain('escalation policy payments-critical');
          expect(events[0].data).toMatchObject({ catalogOwner: { team: 'payments', escalationPolicy: 'payments-critical' } });
        });
    });

    it('cannot assess an incident it never received (detection sends the incident first; the caller retries)', () => {
      const outcome = given(triageDecider).when(assessment(1, evidence()));
      expect(outcome.events).toEqual([]);
      outcome.thenThrows(NotFoundError);
    });
  });

  describe('impact from detection and the service catalog', () => {
    const impactWith = (ev: Evidence, over: Partial<QueuedIncident> = {}) =>
      triagedIn(given(triageDecider, historyOf(queue(over))).when(assessment(1, ev)).events).data;

    it('a tier-1 service impacted makes the impact extensive (1), whatever detection suggested', () => {
      expect(impactWith(evidence(TIER_1))).toMatchObject({ impact: 1, urgency: 2, priority: 'P1' });
      expect(impactWith(evidence(TIER_1)).rationale[0]).toBe('Impact 1 (extensive/widespread): payments (tier 1) depends on checkout.');
    });

    it('a tier-2 service makes it significant (2)', () => {
      expect(impactWith(evidence({ criticalTier: 2, criticalReason: 'cart is tier 2' }))).toMatchObject({ impact: 2, priority: 'P2' });
    });

    it("tiers 3 and 4 add nothing: detection's suggestion stands", () => {
      expect(impactWith(evidence({ criticalTier: 3, criticalReason: 'tier 3' }))).toMatchObject({ impact: 3, priority: 'P3' });
      expect(impactWith(evidence({ criticalTier: 4, criticalReason: 'tier 4' }))).toMatchObject({ impact: 3, priority: 'P3' });
    });

    it("detection's suggestion wins when it is more severe than the tier", () => {
      expect(impactWith(evidence({ suggestedImpact: 1, criticalTier: 2, criticalReason: 'tier 2' }))).toMatchObject({ impact: 1, priority: 'P1' });
    });

    it('impact and urgency labels win over the evidence (the sender said so)', () => {
      const data = impactWith(evidence(TIER_1), { labels: { service: 'checkout', impact: 'minor', urgency: '4' } });
      expect(data).toMatchObject({ impact: 4, urgency: 4, priority: 'P5' });
      expect(data.rationale.slice(0, 2)).toEqual(['Impact 4 (minor/localized) from label impact="minor".', 'Urgency 4 (low) from label urgency="4".']);
    });

    it('an unknown label value is ignored, and the rationale says so', () => {
      const data = impactWith(evidence(), { labels: { service: 'checkout', impact: 'huge' } });
      expect(data).toMatchObject({ impact: 3, priority: 'P3' });
      expect(data.rationale[0]).toContain('(label impact="huge" is not 1–4 or a known word, so it was ignored)');
    });
  });

  describe('re-triage as evidence changes', () => {
    it('the same evidence again records nothing (a redelivered or repeated assessment)', () => {
      given(triageDecider, TRIAGED_P3()).when(assessment(1, evidence())).then([]);
      given(triageDecider, TRIAGED_P3()).when(assessment(2, evidence())).then([]);
    });

    it('new evidence that does not change the priority records only IncidentReassessed', () => {
      given(triageDecider, TRIAGED_P3())
        .when(assessment(2, evidence({ alertCount: 4 })))
        .then((events) => {
          expect(types(events)).toEqual(['IncidentReassessed']);
          expect(events[0].data).toMatchObject({ causeId: 'assessed-2', alertCount: 4 });
        });
    });

    it("a tier-1 dependency failing raises P3 to P1 with trigger 'dependency' and the catalog's reason", () => {
      given(triageDecider, TRIAGED_P3())
        .when(assessment(2, evidence(TIER_1)))
        .then((events) => {
          expect(types(events)).toEqual(['IncidentReassessed', 'IncidentReprioritised']);
          const event = events[1] as IncidentReprioritisedEvent;
          expect(event.id).toBe(id(105));
          expect(event.data).toMatchObject({
            incidentId: INCIDENT,
            previous: { priority: 'P3', severity: 'SEV3', impact: 3, urgency: 2 },
            priority: 'P1',
            severity: 'SEV1',
            impact: 1,
            urgency: 2,
            trigger: 'dependency',
            reason: TIER_1.criticalReason,
            matrix: { id: 'itil-default', version: 1 },
            overridden: false,
          });
          expect(event.data.by).toBeUndefined();
          expect(event.data.rationale).toContain('Matrix itil-default v1: impact 1 × urgency 2 gives P1.');
        });
    });

    it("more users affected raises it with trigger 'report'", () => {
      given(triageDecider, TRIAGED_P3())
        .when(assessment(2, evidence({ suggestedImpact: 2, usersAffected: 40 })))
        .then((events) => {
          expect(reprioritisedIn(events).data).toMatchObject({ priority: 'P2', trigger: 'report', reason: 'users report being affected: 40 in all' });
        });
    });

    it("more or more urgent signals raise it with trigger 'signals'", () => {
      given(triageDecider, TRIAGED_P3())
        .when(
        assessment(2, evidence({ suggestedUrgency: 1, alertCount: 3, impactedServices: ['checkout', 'cart'] })),
      )
        .then((events) => {
          expect(reprioritisedIn(events).data).toMatchObject({
            priority: 'P2',
            urgency: 1,
            trigger: 'signals',
            reason: 'more signals: 3 alert(s) from 2 service(s) (checkout, cart)',
          });
        });
    });

    it('never lowers the priority: a quieter moment is not proof the incident is over, so lowering is left to a person', () => {
      const atP1 = historyOf(queue(), assessment(1, evidence()), assessment(2, evidence(TIER_1)));
      const quiet = evidence({ suggestedImpact: 4, suggestedUrgency: 4 });
      const events = given(triageDecider, atP1)
        .when(assessment(3, quiet))
        .then((decided) => {
          expect(types(decided)).toEqual(['IncidentReassessed']);
        });
      expect(given(triageDecider, [...atP1, ...events]).state()).toMatchObject({ current: { priority: 'P1', impact: 1, urgency: 2 } });
    });

    it('keeps each axis at its worst: a lower impact does not cancel a higher urgency', () => {
      given(triageDecider, TRIAGED_P3())
        .when(assessment(2, evidence({ suggestedImpact: 4, suggestedUrgency: 1 })))
        .then((events) => {
          const data = reprioritisedIn(events).data;
          expect(data).toMatchObject({ priority: 'P2', impact: 3, urgency: 1, trigger: 'signals' });
          expect(data.rationale[0]).toBe('Impact stays 3: automatic re-triage never lowers it.');
        });
    });
  });

  describe('overriding the priority', () => {
    it('requires a triaged incident', () => {
      given(triageDecider, historyOf(queue())).when(overridePriority()).thenThrows(DomainError, 'not-triaged');
      given(triageDecider).when(overridePriority()).thenThrows(DomainError, 'not-triaged');
    });

    it('requires a reason that is not blank', () => {
      const error = given(triageDecider, TRIAGED_P3()).when(overridePriority({ reason: '  ' })).thenThrows(DomainError);
      expect(error.field).toBe('reason');
    });

    it("records trigger 'override', overridden, who did it and why; the severity follows the priority unless given", () => {
      given(triageDecider, TRIAGED_P3())
        .when(overridePriority())
        .then((events) => {
          expect(types(events)).toEqual(['IncidentReprioritised']);
          expect(events[0]).toMatchObject({ id: id(200), metadata: { actor: 'system:triage', incidentId: INCIDENT } });
          expect(events[0].data).toEqual({
            incidentId: INCIDENT,
            previous: { priority: 'P3', severity: 'SEV3', impact: 3, urgency: 2 },
            priority: 'P4',
            severity: 'SEV4',
            impact: 3,
            urgency: 2,
            trigger: 'override',
            reason: 'known flaky canary, customers unaffected',
            matrix: { id: 'itil-default', version: 1 },
            rationale: ['P4 set by user:alice: known flaky canary, customers unaffected'],
            overridden: true,
            by: 'user:alice',
          });
        });
      given(triageDecider, TRIAGED_P3())
        .when(overridePriority({ priority: 'P2', severity: 'SEV1' }))
        .then((events) => expect(reprioritisedIn(events).data).toMatchObject({ priority: 'P2', severity: 'SEV1' }));
    });

    it('the same override again records nothing', () => {
      const overridden = historyOf(queue(), assessment(1, evidence()), overridePriority());
      given(triageDecider, overridden).when(overridePriority({ eventId: id(202) })).then([]);
    });

    it('while overridden, new evidence is recorded but does not change the priority', () => {
      const overridden = historyOf(queue(), assessment(1, evidence()), overridePriority());
      const events = given(triageDecider, overridden)
        .when(assessment(2, evidence(TIER_1)))
        .then((decided) => {
          expect(types(decided)).toEqual(['IncidentReassessed']);
        });
      expect(given(triageDecider, [...overridden, ...events]).state()).toMatchObject({ current: { priority: 'P4', overridden: true } });
    });
  });

  describe('clearing an override', () => {
    it("recomputes from the latest evidence, with trigger 'override-cleared'", () => {
      const history = historyOf(queue(), assessment(1, evidence()), overridePriority(), assessment(2, evidence(TIER_1)));
      const events = given(triageDecider, history)
        .when(clearOverride())
        .then((decided) => {
          expect(types(decided)).toEqual(['IncidentReprioritised']);
          expect(decided[0].data).toMatchObject({
            previous: { priority: 'P4', severity: 'SEV4' },
            priority: 'P1',
            severity: 'SEV1',
            impact: 1,
            trigger: 'override-cleared',
            reason: 'canary fixed; back to the evidence',
            overridden: false,
            by: 'user:bob',
          });
        });
      expect(given(triageDecider, [...history, ...events]).state()).toMatchObject({ current: { priority: 'P1', overridden: false } });
    });

    it('hands the priority back to automatic re-triage', () => {
      const raised = historyOf(queue(), assessment(1, evidence()), overridePriority(), clearOverride());
      given(triageDecider, raised)
        .when(assessment(2, evidence(TIER_1)))
        .then((events) => expect(types(events)).toEqual(['IncidentReassessed', 'IncidentReprioritised']));
    });

    it('is refused when there is no override', () => {
      given(triageDecider, TRIAGED_P3()).when(clearOverride()).thenThrows(DomainError, 'no-override');
      given(triageDecider, historyOf(queue())).when(clearOverride()).thenThrows(DomainError, 'no-override');
      const cleared = historyOf(queue(), assessment(1, evidence()), overridePriority(), clearOverride());
      given(triageDecider, cleared).when(clearOverride({ eventId: id(203) })).thenThrows(DomainError, 'no-override');
    });
  });

  describe('status changes', () => {
    const changed = (status: 'acknowledged' | 'resolved') =>
      TriageStatusChangedV1.create(id(301), { incidentId: INCIDENT, status, cause: 'x' }, { ...context(50), incidentId: INCIDENT, correlationId: INCIDENT });
    /** The history after coordination's news, in order, each its own coordination event (numbered by the history's length). */
    const followed = (base: TriageEvent[], ...statuses: ChangeStatus['status'][]): TriageEvent[] =>
      statuses.reduce((events, status) => [...events, ...given(triageDecider, events).when(changeStatus(status, id(1000 + events.length))).events], base);

    it('records acknowledgement, then resolution', () => {
      const acknowledged = given(triageDecider, TRIAGED_P3())
        .when(changeStatus('acknowledged'))
        .then((events) =>
          expect(events.map((e) => e.data)).toEqual([{ incidentId: INCIDENT, status: 'acknowledged', cause: 'IncidentAcknowledged', by: 'user:alice' }]),
        );
      given(triageDecider, [...TRIAGED_P3(), ...acknowledged])
        .when(changeStatus('resolved', id(302)))
        .then((events) => expect(events.map((e) => e.data)).toMatchObject([{ status: 'resolved' }]));
    });

    it('given an acknowledged incident, when coordination moves it to investigating, identified and monitoring, then TriageStatusChanged v2 follows each', () => {
      const acknowledged = followed(TRIAGED_P3(), 'acknowledged');
      given(triageDecider, acknowledged)
        .when(changeStatus('investigating', id(320)))
        .then((events) => {
          expect(events.map((e) => [e.type, e.schemaVersion, e.data])).toEqual([
            ['TriageStatusChanged', 2, { incidentId: INCIDENT, status: 'investigating', cause: 'IncidentStatusChanged', by: 'user:alice' }],
          ]);
        });
      expect(given(triageDecider, followed(acknowledged, 'investigating', 'identified', 'monitoring')).state()).toMatchObject({ progress: 'monitoring' });
    });

    it('given a resolved incident, when coordination reopens it as triggered, then it is open again (the old forward-only rule gives way)', () => {
      const resolved = followed(TRIAGED_P3(), 'acknowledged', 'investigating', 'resolved');
      given(triageDecider, resolved)
        .when(changeStatus('triggered', id(330)))
        .then((events) => expect(events.map((e) => e.data)).toEqual([{ incidentId: INCIDENT, status: 'triggered', cause: 'IncidentReopened', by: 'user:alice' }]));
      expect(given(triageDecider, followed(resolved, 'triggered')).state()).toMatchObject({ phase: 'triaged', progress: 'open' });
    });

    it('given a resolved incident someone had acknowledged, when reopened as acknowledged, then it is acknowledged again', () => {
      const resolved = followed(TRIAGED_P3(), 'acknowledged', 'resolved');
      expect(given(triageDecider, followed(resolved, 'acknowledged')).state()).toMatchObject({ progress: 'acknowledged' });
    });

    it('given an investigating incident, when coordination reassigns it (triggered until the new assignee acknowledges), then it is open again', () => {
      const investigating = followed(TRIAGED_P3(), 'acknowledged', 'investigating');
      expect(given(triageDecider, followed(investigating, 'triggered')).state()).toMatchObject({ progress: 'open' });
    });

    it('given the same status, when told it again by another event, then nothing is recorded', () => {
      given(triageDecider, [...TRIAGED_P3(), changed('acknowledged')]).when(changeStatus('acknowledged', id(340))).then([]);
      given(triageDecider, TRIAGED_P3()).when(changeStatus('triggered', id(341))).then([]);
    });

    it('given later news, when an older coordination event is redelivered, then the status does not move back', () => {
      const ack = changeStatus('acknowledged', id(350));
      const history = [...TRIAGED_P3(), ...given(triageDecider, TRIAGED_P3()).when(ack).events];
      const monitoring = followed(history, 'investigating', 'monitoring');
      given(triageDecider, monitoring).when(ack).then([]);
      // A v1 fact stored before issue 13 names its cause too.
      given(triageDecider, [...TRIAGED_P3(), changed('resolved')]).when({ ...changeStatus('acknowledged', id(351)), context: { ...context(50), causationId: 'cause-50' } }).then([]);
    });

    it(`remembers the last ${APPLIED_CAUSES_KEPT} causes it applied, no more (older redeliveries are caught by their deterministic event ids in the store)`, () => {
      const statuses: ChangeStatus['status'][] = Array.from({ length: APPLIED_CAUSES_KEPT + 6 }, (_, n) => (n % 2 === 0 ? 'investigating' : 'monitoring'));
      const state = given(triageDecider, followed(TRIAGED_P3(), ...statuses)).state();
      expect(state.applied).toHaveLength(APPLIED_CAUSES_KEPT);
      const history = followed(TRIAGED_P3(), ...statuses);
      expect(state.applied?.[APPLIED_CAUSES_KEPT - 1]).toBe(history[history.length - 1].metadata.causationId);
    });

    it('keeps news that arrives before the incident itself', () => {
      const early = [changed('resolved'), ...historyOf(queue(), assessment(1, evidence()))];
      expect(given(triageDecider, early).state()).toMatchObject({ phase: 'triaged', progress: 'resolved' });
    });
  });

  describe('paging outcome', () => {
    const notePaging = (paged: boolean, eventId = id(401)): NotePaging => ({
      type: 'NotePaging',
      eventId,
      incidentId: INCIDENT,
      paged,
      reason: paged ? 'on-call order: lowest onCallOrder (1) of team "operations"' : 'team "ghost" does not exist: nobody was paged',
      team: paged ? 'operations' : 'ghost',
      cause: paged ? 'ResponderPaged' : 'IncidentUnrouted',
      context: context(40),
    });

    it('given a triaged incident, when coordination could page nobody, then TriagePagingNoted paged false and the state keeps the reason', () => {
      const events = given(triageDecider, TRIAGED_P3())
        .when(notePaging(false))
        .then((decided) => {
          expect(decided.map((e) => [e.type, e.data])).toEqual([
            ['TriagePagingNoted', { incidentId: INCIDENT, paged: false, reason: 'team "ghost" does not exist: nobody was paged', team: 'ghost', cause: 'IncidentUnrouted' }],
          ]);
        });
      expect(given(triageDecider, [...TRIAGED_P3(), ...events]).state()).toMatchObject({ paging: { paged: false, reason: 'team "ghost" does not exist: nobody was paged' } });
    });

    it('given the outcome noted, when told again (redelivery) or of a later page of a paged incident, then nothing is recorded', () => {
      const unpaged = [...TRIAGED_P3(), ...given(triageDecider, TRIAGED_P3()).when(notePaging(false)).events];
      given(triageDecider, unpaged).when(notePaging(false, id(402))).then([]);
      const paged = [...TRIAGED_P3(), ...given(triageDecider, TRIAGED_P3()).when(notePaging(true)).events];
      given(triageDecider, paged).when(notePaging(true, id(402))).then([]);
    });

    it('given someone was paged, when coordination reports the page failed and nobody was reached, then it is noted: the incident is unpaged again', () => {
      const paged = [...TRIAGED_P3(), ...given(triageDecider, TRIAGED_P3()).when(notePaging(true)).events];
      const failed: NotePaging = { ...notePaging(false, id(402)), reason: 'the page to alice of team "operations" failed: no answer within 5000 ms; nobody has been reached', cause: 'PageFailed' };
      const events = given(triageDecider, paged)
        .when(failed)
        .then((decided) => {
          expect(decided.map((e) => e.data)).toMatchObject([{ paged: false, cause: 'PageFailed' }]);
        });
      expect(given(triageDecider, [...paged, ...events]).state()).toMatchObject({ paging: { paged: false, reason: failed.reason } });
    });

    it('given nobody could be paged, when someone is paged later, then it is noted', () => {
      const unpaged = [...TRIAGED_P3(), ...given(triageDecider, TRIAGED_P3()).when(notePaging(false)).events];
      given(triageDecider, unpaged)
        .when(notePaging(true, id(402)))
        .then((events) => expect(events.map((e) => e.data)).toMatchObject([{ paged: true }]));
    });
  });
});
