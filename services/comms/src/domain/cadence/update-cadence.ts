/**
 * The required update cadence per priority: how many minutes an open incident may go without a
 * status update before comms says it is overdue. Null: no cadence for that priority.
 */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type CadenceTable = Record<Priority, number | null>;

/** Whole minutes: five at least (a shorter one would page the lead for nothing), a day at most. */
export const CADENCE_MINUTES = { min: 5, max: 1440 } as const;

/** Version 1, never stored: in force until an admin publishes another. */
export const BUILT_IN_CADENCE: CadenceTable = { P1: 30, P2: 60, P3: 120, P4: null, P5: null };

export const CADENCE_POLICY_ID = 'default';

export const isPriority = (value: unknown): value is Priority => typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);

/** Every failing field of a table (`cadence.P1`), so a 400 names them all; empty when it is valid. */
export function validateCadence(table: unknown): { field: string; reason: string }[] {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) return [{ field: 'cadence', reason: 'must be an object with P1 to P5' }];
  const errors: { field: string; reason: string }[] = [];
  for (const key of Object.keys(table)) {
    if (!isPriority(key)) errors.push({ field: `cadence.${key}`, reason: 'is not a priority (P1 to P5)' });
  }
  for (const priority of PRIORITIES) {
    const value = (table as Record<string, unknown>)[priority];
    if (value === undefined) errors.push({ field: `cadence.${priority}`, reason: 'is required (null: no cadence)' });
    else if (value !== null && (!Number.isInteger(value) || (value as number) < CADENCE_MINUTES.min || (value as number) > CADENCE_MINUTES.max)) {
      errors.push({ field: `cadence.${priority}`, reason: `must be whole minutes from ${CADENCE_MINUTES.min} to ${CADENCE_MINUTES.max}, or null` });
    }
  }
  return errors;
}

/** The table with its keys in priority order, so two equal tables serialise alike. */
export const canonicalCadence = (table: CadenceTable): CadenceTable =>
  Object.fromEntries(PRIORITIES.map((p) => [p, table[p] ?? null])) as CadenceTable;
