export type Level = 1 | 2 | 3 | 4;
export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

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
 * on 3×3 = P4 and info on 4×4 = P5 (work queue, no page). Only 4×3 and 4×4 share P5: a minor,
 * low-pressure issue is backlog either way. Changing a cell means a new version: every
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
