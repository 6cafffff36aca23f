export type Level = 1 | 2 | 3 | 4;
export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
/** Incident severity: how bad it is for those affected (priority says in which order to work). */
export type SevLevel = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

/** One failing input, named by its dotted path in the request (`cells.2.1`, `rules.0.when.text`). */
export interface FieldError {
  field: string;
  reason: string;
}

export interface PriorityMatrix {
  id: string;
  version: number;
  /** cells[impact - 1][urgency - 1] */
  cells: readonly (readonly Priority[])[];
}

export const IMPACT_NAMES: Record<Level, string> = {
  1: 'extensive/widespread',
  2: 'significant/large',
  3: 'moderate/limited',
  4: 'minor/localized',
};
export const URGENCY_NAMES: Record<Level, string> = { 1: 'critical', 2: 'high', 3: 'medium', 4: 'low' };

/**
 * ITIL impact (rows, 1 = extensive … 4 = minor) × urgency (columns, 1 = critical … 4 = low).
 * Why these cells: the matrix is symmetric (neither breadth nor time pressure dominates) and a
 * cell is P(impact + urgency − 2), clamped to P1…P5. So P1 is kept for one axis at its extreme
 * with the other at least high (an outage everyone sees that cannot wait); a critical-severity
 * alert with no labels lands on 1×1 = P1 and an error on 2×2 = P2 (page someone now); a warning
 * on 3×3 = P4 and info on 4×4 = P5 (work queue, no page). P5 is 3×4, 4×3 and 4×4: a moderate
 * or minor issue with little time pressure is backlog. Changing a cell means a new version: every
 * IncidentTriaged names the matrix id and version it used.
 */
export const ITIL_DEFAULT_MATRIX: PriorityMatrix = {
  id: 'itil-default',
  version: 1,
  cells: [
    ['P1', 'P1', 'P2', 'P3'],
    ['P1', 'P2', 'P3', 'P4'],
    ['P2', 'P3', 'P4', 'P5'],
    ['P3', 'P4', 'P5', 'P5'],
  ],
};

export const priorityOf = (matrix: PriorityMatrix, impact: Level, urgency: Level): Priority =>
  matrix.cells[impact - 1][urgency - 1];

/**
 * P1→SEV1, P2→SEV2, P3→SEV3, P4 and P5→SEV4. Five priorities meet four severities, so two must
 * share one: P4 and P5 are the two that page nobody (work queue and backlog), which is what SEV4
 * (minor) means. P1–P3 stay one-to-one, so every paging priority keeps a severity of its own.
 */
export const severityOf = (priority: Priority): SevLevel => (priority === 'P5' ? 'SEV4' : (`SEV${priority.slice(1)}` as SevLevel));

const SIZE = 4;
const rank = (priority: Priority): number => PRIORITIES.indexOf(priority);
const isPriority = (value: unknown): value is Priority => typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);

/**
 * Field errors of proposed cells (empty when valid): 4 rows (impact 1–4) of 4 priorities (urgency
 * 1–4), and monotone. Higher impact (the row above) or higher urgency (the column to the left)
 * never lowers the priority, so no cell is more urgent than the cell above it or to its left:
 * otherwise making an incident look worse could make it wait longer.
 */
export const validateMatrix = (cells: unknown): FieldError[] => {
  if (!Array.isArray(cells) || cells.length !== SIZE) {
    return [{ field: 'cells', reason: 'must be 4 rows (impact 1–4), each of 4 priorities (urgency 1–4)' }];
  }
  const errors: FieldError[] = [];
  cells.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== SIZE) {
      errors.push({ field: `cells.${i}`, reason: `impact ${i + 1} must have 4 priorities (urgency 1–4)` });
      return;
    }
    row.forEach((cell: unknown, j) => {
      if (!isPriority(cell)) errors.push({ field: `cells.${i}.${j}`, reason: `must be one of ${PRIORITIES.join(', ')}` });
    });
  });
  if (errors.length > 0) return errors;
  const grid = cells as Priority[][];
  for (let i = 0; i < SIZE; i++) {
    for (let j = 0; j < SIZE; j++) {
      const cell = grid[i][j];
      const where = `impact ${i + 1} × urgency ${j + 1}`;
      if (i > 0 && rank(cell) < rank(grid[i - 1][j])) {
        errors.push({
          field: `cells.${i}.${j}`,
          reason: `${cell} at ${where} is more urgent than ${grid[i - 1][j]} at the higher impact ${i} (same urgency): higher impact may not lower priority`,
        });
      }
      if (j > 0 && rank(cell) < rank(grid[i][j - 1])) {
        errors.push({
          field: `cells.${i}.${j}`,
          reason: `${cell} at ${where} is more urgent than ${grid[i][j - 1]} at the higher urgency ${j} (same impact): higher urgency may not lower priority`,
        });
      }
    }
  }
  return errors;
};

/** An ITIL level from a published event (its schema says 1–4; the type says number). */
export const asLevel = (n: number): Level => Math.min(4, Math.max(1, Math.round(n))) as Level;
