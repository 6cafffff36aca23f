import { Evidence } from './assessment';
import { ITIL_DEFAULT_MATRIX, PriorityMatrix } from './priority-matrix';
import { ROUTING_DEFAULT, RoutingRuleSet } from './routing-rules';
import { AssessIncident, QueueIncident, TriageCommand, TriageEvent, triageDecider } from './triage.decider';
import { compareIncident, IncidentComparison, totalsOf } from './what-if';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const context = (minute: number) => ({ actor: 'system:triage', causationId: `cause-${minute}`, occurredAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z` });

/** Stricter: a moderate impact at high urgency (3 × 2) pages as P2 instead of P3. */
const STRICT: PriorityMatrix = {
  id: 'itil-strict',
  version: 2,
  cells: [
    ['P1', 'P1', 'P2', 'P3'],
    ['P1', 'P2', 'P3', 'P4'],
    ['P2', 'P2', 'P4', 'P5'],
    ['P3', 'P4', 'P5', 'P5'],
  ],
};
/** Looser: only extensive × critical (1 × 1) is P1. */
const LOOSE: PriorityMatrix = {
  id: 'itil-loose',
  version: 3,
  cells: [
    ['P1', 'P2', 'P2', 'P3'],
    ['P2', 'P2', 'P3', 'P4'],
    ['P2', 'P3', 'P4', 'P5'],
    ['P3', 'P4', 'P5', 'P5'],
  ],
};
const ALL_TO_SRE: RoutingRuleSet = {
  id: 'all-to-sre',
  version: 1,
  rules: [{ id: 'everything', when: {}, route: { team: 'sre' } }],
  defaultRoute: { team: 'operations' },
};

const FIRST_LOOK: Evidence = { suggestedImpact: 3, suggestedUrgency: 2, impactedServices: ['checkout'], alertCount: 1 };
const TIER_1: Evidence = { ...FIRST_LOOK, alertCount: 2, criticalTier: 1, criticalReason: 'payments (tier 1) depends on checkout' };

/** Commands of one incident; `n` keeps every incident's ids apart. */
const incidentScript = (n: number) => {
  const incidentId = id(0xa00 + n);
  const base = 0x1000 * n;
  const queue: QueueIncident = {
    type: 'QueueIncident',
    eventId: id(base + 1),
    incidentId,
    incident: {
      incidentId,
      title: `checkout errors #${n}`,
      severity: 'warning',
      source: 'prometheus',
      service: 'checkout',
      labels: { service: 'checkout' },
      detectedAt: `2026-01-01T00:0${n}:00.000Z`,
      firstSignalAt: `2026-01-01T00:0${n}:00.000Z`,
    },
    context: context(n),
  };
  const assess = (k: number, evidence: Evidence): AssessIncident => ({
    type: 'AssessIncident',
    eventIds: [id(base + 0x10 * k), id(base + 0x10 * k + 1)],
    incidentId,
    causeId: `assessed-${n}-${k}`,
    evidence,
    matrix: ITIL_DEFAULT_MATRIX,
    rules: ROUTING_DEFAULT,
    context: context(10 + k),
  });
  const override = (priority: 'P2' | 'P4'): TriageCommand => ({
    type: 'OverridePriority',
    eventId: id(base + 0x100),
    incidentId,
    priority,
    reason: 'the incident commander says so',
    by: 'user:alice',
    context: context(30),
  });
  const clear: TriageCommand = {
    type: 'ClearOverride',
    eventId: id(base + 0x101),
    incidentId,
    reason: 'back to the evidence',
    by: 'user:bob',
    matrix: ITIL_DEFAULT_MATRIX,
    context: context(40),
  };
  return { incidentId, queue, assess, override, clear };
};

/** The recorded history, produced by the decider from the commands, as the service would have stored it. */
const record = (...commands: TriageCommand[]): TriageEvent[] =>
  commands.reduce<TriageEvent[]>((events, command) => {
    const state = events.reduce(triageDecider.evolve, triageDecider.initialState);
    return [...events, ...triageDecider.decide(command, state)];
  }, []);

/** Queued P3, a tier-1 dependency raises it to P1, overridden to P2, override cleared (back to P1). */
const full = incidentScript(1);
const FULL = record(full.queue, full.assess(1, FIRST_LOOK), full.assess(2, TIER_1), full.override('P2'), full.clear);
/** Triaged P3 and left there. */
const plain = incidentScript(2);
const PLAIN = record(plain.queue, plain.assess(1, FIRST_LOOK));
/** Triaged P3, then overridden to P4 by a person, and a tier-1 dependency arrives while overridden. */
const held = incidentScript(3);
const HELD = record(held.queue, held.assess(1, FIRST_LOOK), held.override('P4'), held.assess(2, TIER_1));

const compare = (history: TriageEvent[], matrix = ITIL_DEFAULT_MATRIX, rules = ROUTING_DEFAULT): IncidentComparison => {
  const comparison = compareIncident(history, matrix, rules);
  if (!comparison) throw new Error('expected a comparison');
  return comparison;
};

describe('what-if replay', () => {
  it('the recorded history is what the decider recorded: P3, then P1, override, cleared', () => {
    expect(FULL.map((e) => (e.type === 'IncidentReprioritised' ? `${e.type}:${e.data.trigger}:${e.data.priority}` : e.type))).toEqual([
      'IncidentQueued',
      'IncidentReassessed',
      'IncidentTriaged',
      'IncidentReassessed',
      'IncidentReprioritised:dependency:P1',
      'IncidentReprioritised:override:P2',
      'IncidentReprioritised:override-cleared:P1',
    ]);
  });

  it('under the matrix and rules in force, every incident would have come out the same', () => {
    for (const history of [FULL, PLAIN, HELD]) {
      const comparison = compare(history);
      expect(comparison.simulated).toEqual(comparison.actual);
      expect(comparison.changed).toBe(false);
    }
    expect(compare(FULL)).toEqual({
      incidentId: full.incidentId,
      title: 'checkout errors #1',
      service: 'checkout',
      detectedAt: '2026-01-01T00:01:00.000Z',
      actual: { initialPriority: 'P3', priority: 'P1', team: 'checkout' },
      simulated: { initialPriority: 'P3', priority: 'P1', team: 'checkout' },
      changed: false,
    });
  });

  it('a stricter matrix changes the initial priority, and the final one where nothing else raised it', () => {
    expect(compare(FULL, STRICT)).toMatchObject({
      actual: { initialPriority: 'P3', priority: 'P1' },
      simulated: { initialPriority: 'P2', priority: 'P1' },
      changed: true,
    });
    expect(compare(PLAIN, STRICT)).toMatchObject({
      actual: { initialPriority: 'P3', priority: 'P3' },
      simulated: { initialPriority: 'P2', priority: 'P2' },
      changed: true,
    });
  });

  it('clearing an override recomputes under the proposal', () => {
    // Under LOOSE the tier-1 evidence (1 × 2) is only P2, so the cleared incident ends at P2, not P1.
    expect(compare(FULL, LOOSE)).toMatchObject({ actual: { priority: 'P1' }, simulated: { initialPriority: 'P3', priority: 'P2' }, changed: true });
  });

  it("a person's override still stands in the simulation: it was a decision, not a computation", () => {
    expect(compare(HELD, STRICT)).toMatchObject({
      actual: { initialPriority: 'P3', priority: 'P4' },
      simulated: { initialPriority: 'P2', priority: 'P4' },
    });
  });

  it('a routing proposal with a fixed team moves the incidents to that team', () => {
    expect(compare(PLAIN, ITIL_DEFAULT_MATRIX, ALL_TO_SRE)).toMatchObject({
      actual: { priority: 'P3', team: 'checkout' },
      simulated: { priority: 'P3', team: 'sre' },
      changed: true,
    });
  });

  it('an incident triage has no record of is left out', () => {
    expect(compareIncident([], STRICT, ROUTING_DEFAULT)).toBeUndefined();
  });

  it('an incident not yet triaged has no outcome on either side', () => {
    expect(compare(record(plain.queue), STRICT)).toMatchObject({
      actual: { initialPriority: null, priority: null, team: null },
      simulated: { initialPriority: null, priority: null, team: null },
      changed: false,
    });
  });

  describe('totals', () => {
    it('count incidents per final priority and pages per team, actual and simulated, with deltas', () => {
      const comparisons = [FULL, PLAIN, HELD].map((history) => compare(history, STRICT, ALL_TO_SRE));
      const totals = totalsOf(comparisons);
      expect(totals.incidents).toBe(3);
      expect(totals.changed).toBe(3);
      expect(totals.byPriority).toEqual({
        P1: { actual: 1, simulated: 1, delta: 0 },
        P2: { actual: 0, simulated: 1, delta: 1 },
        P3: { actual: 1, simulated: 0, delta: -1 },
        P4: { actual: 1, simulated: 1, delta: 0 },
        P5: { actual: 0, simulated: 0, delta: 0 },
      });
      expect(totals.pagesPerTeam).toEqual({
        checkout: { actual: 3, simulated: 0, delta: -3 },
        sre: { actual: 0, simulated: 3, delta: 3 },
      });
    });

    it('are all zero for no incidents', () => {
      const totals = totalsOf([]);
      expect(totals).toMatchObject({ incidents: 0, changed: 0, pagesPerTeam: {} });
      expect(Object.values(totals.byPriority).every((row) => row.actual === 0 && row.simulated === 0 && row.delta === 0)).toBe(true);
    });
  });
});
