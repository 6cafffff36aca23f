import { DomainError } from '@linchpin/eventsourcing';

/*
 * SLA targets per priority: minutes from the incident's opening to its acknowledgement, its
 * mitigation and its resolution. Versioned like triage's priority matrix: version 1 is built in and
 * never stored; every change stores the next version, and each incident's clocks name the version
 * they run under.
 */

export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

export type SlaTarget = 'acknowledge' | 'mitigate' | 'resolve';
/** In the order an incident meets them: a later target may not be shorter than an earlier one. */
export const SLA_TARGETS: readonly SlaTarget[] = ['acknowledge', 'mitigate', 'resolve'];

export interface PriorityTargets {
  acknowledgeMinutes?: number;
  mitigateMinutes?: number;
  resolveMinutes?: number;
}

export type SlaTargetTable = Record<Priority, PriorityTargets>;

export const MINUTES = { min: 1, max: 43_200 } as const; // up to 30 days

export const SLA_POLICY_ID = 'default';

/**
 * The built-in version 1. P1 and P2 follow the common "critical / high" tiers (acknowledge within
 * 5 and 15 minutes, resolve within 4 and 8 hours) with mitigation in between; P3 is a working day's
 * scale (1 h / 4 h / 24 h). P4 and P5 are low-urgency work that waits for a queue, so no clock runs:
 * a target nobody means to keep would only make breaches noise.
 */
export const BUILT_IN_SLA_TARGETS: SlaTargetTable = {
  P1: { acknowledgeMinutes: 5, mitigateMinutes: 30, resolveMinutes: 240 },
  P2: { acknowledgeMinutes: 15, mitigateMinutes: 60, resolveMinutes: 480 },
  P3: { acknowledgeMinutes: 60, mitigateMinutes: 240, resolveMinutes: 1440 },
  P4: {},
  P5: {},
};

export const minutesKey = (target: SlaTarget): keyof PriorityTargets => `${target}Minutes`;

/** The minutes `priority` gives `target` in `table`, or undefined for no target. */
export const minutesFor = (table: SlaTargetTable, priority: Priority, target: SlaTarget): number | undefined => table[priority][minutesKey(target)];

export interface FieldError {
  field: string;
  reason: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every problem of a table as received, each naming its field (`targets.P1.acknowledgeMinutes`). */
export function validateTargets(targets: unknown): FieldError[] {
  if (!isObject(targets)) return [{ field: 'targets', reason: 'must be an object with the targets of P1, P2, P3, P4 and P5' }];
  const errors: FieldError[] = [];
  for (const key of Object.keys(targets)) {
    if (!PRIORITIES.includes(key as Priority)) errors.push({ field: `targets.${key}`, reason: 'is not a priority (P1 to P5)' });
  }
  for (const priority of PRIORITIES) {
    const row = targets[priority];
    const field = `targets.${priority}`;
    if (row === undefined) {
      errors.push({ field, reason: 'is required: every version states all five priorities (send {} for no targets)' });
      continue;
    }
    if (!isObject(row)) {
      errors.push({ field, reason: 'must be an object of acknowledgeMinutes, mitigateMinutes and resolveMinutes' });
      continue;
    }
    for (const key of Object.keys(row)) {
      if (!SLA_TARGETS.some((t) => minutesKey(t) === key)) errors.push({ field: `${field}.${key}`, reason: 'is not a target (acknowledgeMinutes, mitigateMinutes, resolveMinutes)' });
    }
    let earlier: { key: string; minutes: number } | undefined;
    for (const target of SLA_TARGETS) {
      const key = minutesKey(target);
      const minutes = row[key];
      if (minutes === undefined || minutes === null) continue;
      if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < MINUTES.min || minutes > MINUTES.max) {
        errors.push({ field: `${field}.${key}`, reason: `must be a whole number of minutes from ${MINUTES.min} to ${MINUTES.max}` });
        continue;
      }
      if (earlier && minutes < earlier.minutes) {
        errors.push({ field: `${field}.${key}`, reason: `must not be shorter than ${earlier.key} (${earlier.minutes}): an incident is acknowledged, then mitigated, then resolved` });
      }
      earlier = { key, minutes };
    }
  }
  return errors;
}

/** One spelling per table (only the targets given, in order), so "nothing changed" is a plain comparison. */
export function canonicalTargets(targets: SlaTargetTable): SlaTargetTable {
  const row = (r: PriorityTargets): PriorityTargets => {
    const out: PriorityTargets = {};
    for (const target of SLA_TARGETS) {
      const minutes = r[minutesKey(target)];
      if (minutes !== undefined && minutes !== null) out[minutesKey(target)] = minutes;
    }
    return out;
  };
  return { P1: row(targets.P1), P2: row(targets.P2), P3: row(targets.P3), P4: row(targets.P4), P5: row(targets.P5) };
}

/** The decider checks again whoever sends the command (a 409 naming the first field). */
export function refuseInvalidTargets(targets: unknown): void {
  const errors = validateTargets(targets);
  if (errors.length === 0) return;
  const message = errors.length === 1 ? `${errors[0].field} ${errors[0].reason}` : errors.map((e) => `${e.field} ${e.reason}`).join('; ');
  throw new DomainError('sla_targets_invalid', message, errors[0].field);
}
