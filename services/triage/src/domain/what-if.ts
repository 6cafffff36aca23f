import { assertNever } from '@linchpin/eventsourcing';
import { Priority, PriorityMatrix } from './priority-matrix';
import { RoutingRuleSet } from './routing-rules';
import { evidenceOf, TriageCommand, TriageEvent, triageDecider, TriageState } from './triage.decider';

/** An incident's outcome: the priority it was first given, the one it ended with, and who it went to. */
export interface Outcome {
  initialPriority: Priority | null;
  priority: Priority | null;
  team: string | null;
}

export interface IncidentComparison {
  incidentId: string;
  title: string;
  service: string | null;
  detectedAt: string;
  actual: Outcome;
  simulated: Outcome;
  changed: boolean;
}

export interface Totals {
  incidents: number;
  changed: number;
  /** Incidents ending at each priority, actual and simulated. */
  byPriority: Record<Priority, { actual: number; simulated: number; delta: number }>;
  /** Incidents routed to each team: each pages its on-call in coordination. */
  pagesPerTeam: Record<string, { actual: number; simulated: number; delta: number }>;
}

const outcomeOf = (state: TriageState, initialPriority: Priority | null): Outcome =>
  state.phase === 'triaged'
    ? { initialPriority, priority: state.current.priority, team: state.triage.route.team }
    : { initialPriority: null, priority: null, team: null };

/**
 * The commands that produced an incident's history, re-issued against another matrix and rule set.
 * Detection's evidence is replayed as it arrived; a person's override stands as it was given (it
 * was a decision, not a computation), and clearing it recomputes under the proposal.
 */
const commandsOf = (history: TriageEvent[], matrix: PriorityMatrix, rules: RoutingRuleSet): TriageCommand[] => {
  const queued = history.find((e) => e.type === 'IncidentQueued');
  const service = queued?.type === 'IncidentQueued' ? queued.data.service?.toLowerCase() : undefined;
  return history.flatMap((event): TriageCommand[] => {
    const context = { actor: 'what-if', causationId: event.id, occurredAt: event.metadata.occurredAt };
    switch (event.type) {
      case 'IncidentQueued':
        return [{ type: 'QueueIncident', eventId: event.id, incidentId: event.data.incidentId, incident: event.data, context }];
      case 'IncidentReassessed': {
        const { incidentId, causeId, catalogOwner } = event.data;
        return [
          {
            type: 'AssessIncident',
            eventIds: [`${event.id}:0`, `${event.id}:1`],
            incidentId,
            causeId,
            evidence: evidenceOf(event),
            matrix,
            rules,
            ...(catalogOwner && service !== undefined ? { catalogOwners: { [service]: catalogOwner } } : {}),
            context,
          },
        ];
      }
      case 'IncidentReprioritised':
        if (event.data.trigger === 'override') {
          return [
            {
              type: 'OverridePriority',
              eventId: event.id,
              incidentId: event.data.incidentId,
              priority: event.data.priority,
              severity: event.data.severity,
              reason: event.data.reason,
              by: event.data.by ?? 'unknown',
              context,
            },
          ];
        }
        if (event.data.trigger === 'override-cleared') {
          return [{ type: 'ClearOverride', eventId: event.id, incidentId: event.data.incidentId, reason: event.data.reason, by: event.data.by ?? 'unknown', matrix, context }];
        }
        return [];
      case 'IncidentTriaged':
      case 'TriageStatusChanged':
      case 'TriagePagingNoted':
      case 'TriageEscalationExhaustedNoted':
        return [];
      default:
        return assertNever(event);
    }
  });
};

const replay = (commands: TriageCommand[]): { state: TriageState; initialPriority: Priority | null } => {
  let state = triageDecider.initialState;
  let initialPriority: Priority | null = null;
  for (const command of commands) {
    let events: TriageEvent[];
    try {
      events = triageDecider.decide(command, state);
    } catch {
      // A command the proposal makes impossible (e.g. clearing an override never given) changes nothing.
      continue;
    }
    for (const event of events) {
      if (event.type === 'IncidentTriaged') initialPriority = event.data.priority;
      state = triageDecider.evolve(state, event);
    }
  }
  return { state, initialPriority };
};

/** One incident's recorded triage history, actual versus under the proposal. Pure. */
export function compareIncident(history: TriageEvent[], matrix: PriorityMatrix, rules: RoutingRuleSet): IncidentComparison | undefined {
  const actualState = history.reduce(triageDecider.evolve, triageDecider.initialState);
  if (actualState.phase === 'unknown') return undefined;
  const firstTriaged = history.find((e) => e.type === 'IncidentTriaged');
  const actual = outcomeOf(actualState, firstTriaged?.type === 'IncidentTriaged' ? firstTriaged.data.priority : null);
  const simulatedRun = replay(commandsOf(history, matrix, rules));
  const simulated = outcomeOf(simulatedRun.state, simulatedRun.initialPriority);
  const { incident } = actualState;
  return {
    incidentId: incident.incidentId,
    title: incident.title,
    service: incident.service ?? null,
    detectedAt: incident.detectedAt,
    actual,
    simulated,
    changed: actual.priority !== simulated.priority || actual.team !== simulated.team || actual.initialPriority !== simulated.initialPriority,
  };
}

export function totalsOf(comparisons: IncidentComparison[]): Totals {
  const priorities: Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];
  const byPriority = Object.fromEntries(priorities.map((p) => [p, { actual: 0, simulated: 0, delta: 0 }])) as Totals['byPriority'];
  const pagesPerTeam: Totals['pagesPerTeam'] = {};
  const count = (outcome: Outcome, side: 'actual' | 'simulated') => {
    if (outcome.priority) byPriority[outcome.priority][side] += 1;
    if (outcome.team) (pagesPerTeam[outcome.team] ??= { actual: 0, simulated: 0, delta: 0 })[side] += 1;
  };
  for (const c of comparisons) {
    count(c.actual, 'actual');
    count(c.simulated, 'simulated');
  }
  for (const row of [...Object.values(byPriority), ...Object.values(pagesPerTeam)]) row.delta = row.simulated - row.actual;
  return { incidents: comparisons.length, changed: comparisons.filter((c) => c.changed).length, byPriority, pagesPerTeam };
}
