/*
 * Triage follows coordination's news of an incident as it comes: a later status replaces an earlier
 * one. Coordination's events of one incident arrive in order (one topic, keyed by the incident), but
 * at least once: after a consumer restart or rebalance, the uncommitted tail of a partition is
 * delivered again, older events after newer ones. A state therefore remembers the coordination
 * events (by id, the causationId of the fact it recorded) it has applied, and a decider applies none
 * twice. Bounded: a redelivered tail is a few events of an incident, far fewer than this; an event
 * older still that recorded a fact is caught by the store, since its fact's id derives from it.
 */

/** How many applied causes a state keeps, newest last. */
export const APPLIED_CAUSES_KEPT = 64;

export type AppliedCauses = readonly string[];

export const alreadyApplied = (applied: AppliedCauses | undefined, causeId: string): boolean => applied?.includes(causeId) ?? false;

/** `applied` with `causeId` as its newest, at most APPLIED_CAUSES_KEPT long. */
export const remember = (applied: AppliedCauses | undefined, causeId: string): AppliedCauses =>
  [...(applied ?? []).filter((id) => id !== causeId), causeId].slice(-APPLIED_CAUSES_KEPT);
