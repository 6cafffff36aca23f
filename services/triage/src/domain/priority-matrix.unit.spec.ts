import { ITIL_DEFAULT_MATRIX, Level, priorityOf } from './priority-matrix';

describe('itil-default v1 priority matrix', () => {
  it.each([
    [1, 1, 'P1'], [1, 2, 'P1'], [2, 1, 'P1'],
    [1, 3, 'P2'], [2, 2, 'P2'], [3, 1, 'P2'],
    [1, 4, 'P3'], [2, 3, 'P3'], [3, 2, 'P3'], [4, 1, 'P3'],
    [2, 4, 'P4'], [3, 3, 'P4'], [4, 2, 'P4'],
    [3, 4, 'P5'], [4, 3, 'P5'], [4, 4, 'P5'],
  ])('impact %i × urgency %i → %s', (impact, urgency, priority) => {
    expect(priorityOf(ITIL_DEFAULT_MATRIX, impact as Level, urgency as Level)).toBe(priority);
  });
});
