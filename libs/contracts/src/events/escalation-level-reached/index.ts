import { Type } from '@sinclair/typebox';
import { IsoTime, Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { EscalationTarget } from '../escalation-policy-created';
import { EscalationPolicyRef } from '../escalation-started';
import { SlaTargetName } from '../sla-targets-versioned';
import { ContactKind, ContactKindV1 } from '../person-registered';

/** How a person came to be paged: the level's target that named them, its version, and why. */
export const ReachedVia = Type.Object({
  kind: Type.Union([Type.Literal('person'), Type.Literal('schedule'), Type.Literal('team')]),
  id: Uuid,
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  reason: Type.String(),
});

/** One person notified: the page's id, and the contact method it goes to (its id, never the address). Up to v3 (and IncidentRenotified v3). */
export const NotifiedPersonV1 = Type.Object({
  pageId: Uuid,
  personId: Uuid,
  name: Type.String(),
  contactMethodId: Uuid,
  contactKind: ContactKindV1,
  via: ReachedVia,
});

/** The same from v4 (and IncidentRenotified v4) on: the contact method may be `teams`. */
export const NotifiedPerson = Type.Object({ ...NotifiedPersonV1.properties, contactKind: ContactKind });

/** A target of a level that gave nobody, and why (e.g. `schedule gap`, `person retired`). */
export const SkippedTarget = Type.Object({ target: EscalationTarget, reason: Type.String() });

/**
 * A level of the incident's escalation policy was paged: who, through what, and when the next level
 * comes if nobody acknowledges. On `response-<incidentId>`. Published by coordination.
 */
export const EscalationLevelReachedV1 = defineEvent(
  'EscalationLevelReached',
  1,
  Type.Object({
    incidentId: Uuid,
    policy: EscalationPolicyRef,
    /** 1-based. */
    level: Type.Integer({ minimum: 1 }),
    /** 0 on the first pass of the policy, 1 on its first repeat, … */
    repeat: Type.Integer({ minimum: 0 }),
    paged: Type.Array(NotifiedPersonV1, { minItems: 1 }),
    /** Targets of this level that gave nobody. */
    skipped: Type.Array(SkippedTarget),
    /** When the next level (or exhaustion) comes unless someone acknowledges. */
    deadlineAt: IsoTime,
    reason: Type.String(),
  }),
);

/** One layer's candidate at the instant a schedule was asked: who it would have had, and why it did (not) answer. */
export const LayerCandidate = Type.Object({
  layer: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  personId: Type.Union([Uuid, Type.Null()]),
  reason: Type.String(),
});

/** What a schedule of the level answered when the level was resolved: kept so "why was I paged?" is history. */
export const ScheduleAnswer = Type.Object({
  scheduleId: Uuid,
  name: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  /** The instant asked (the level's resolution). */
  at: IsoTime,
  personId: Type.Union([Uuid, Type.Null()]),
  /** The layer (1-based) that answered, `override`, or null when nobody was on call. */
  layer: Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('override'), Type.Null()]),
  overrideId: Type.Union([Uuid, Type.Null()]),
  reason: Type.String(),
  /** Every layer's candidate, layer 1 first: who else was on call, and why not them. */
  layers: Type.Array(LayerCandidate),
});

/** A team of the level as it stood: its version and members in on-call order. */
export const TeamAnswer = Type.Object({
  teamId: Uuid,
  name: Type.String(),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  members: Type.Array(Type.Object({ personId: Uuid, onCallOrder: Type.Integer() })),
});

/**
 * v2 adds what the level's schedules and teams answered when it was resolved (`schedules`, `teams`),
 * so an explanation of a page is read from history, not from today's schedules. A v1 event is raised
 * with both empty (it did not record them).
 */
export const EscalationLevelReachedV2 = defineEvent(
  'EscalationLevelReached',
  2,
  Type.Object({
    ...EscalationLevelReachedV1.schema.properties,
    schedules: Type.Array(ScheduleAnswer),
    teams: Type.Array(TeamAnswer),
  }),
);

/** An SLA breach an event answers: the `SlaBreached` event's id, and which target of which priority. */
export const SlaBreachRef = Type.Object({ breachId: Uuid, target: SlaTargetName, priority: Priority });

/**
 * v3 (issue 13): an SLA breach of an acknowledged incident pages the next level of its policy, whose
 * people join the response. No level deadline runs then (someone acknowledged), so `deadlineAt` is null,
 * and `sla` names the breach. Every v2 event is a valid v3 event.
 */
export const EscalationLevelReachedV3 = defineEvent(
  'EscalationLevelReached',
  3,
  Type.Object({
    ...EscalationLevelReachedV2.schema.properties,
    /** When the next level (or exhaustion) comes unless someone acknowledges; null when the level was reached on an acknowledged incident (an SLA breach). */
    deadlineAt: Type.Union([IsoTime, Type.Null()]),
    /** The SLA breach that reached this level; absent when a deadline (or `POST …/escalate`) did. */
    sla: Type.Optional(SlaBreachRef),
  }),
);

/** v4 (issue 15): a person paged may be paged on a `teams` contact method. Every v3 event is a valid v4 event. */
export const EscalationLevelReachedV4 = defineEvent(
  'EscalationLevelReached',
  4,
  Type.Object({ ...EscalationLevelReachedV3.schema.properties, paged: Type.Array(NotifiedPerson, { minItems: 1 }) }),
);

export const EscalationLevelReached = EscalationLevelReachedV4;
export type EscalationLevelReachedEvent = EventOf<typeof EscalationLevelReachedV4>;
