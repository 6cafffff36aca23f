import { ITIL_DEFAULT_MATRIX, Level, Priority, priorityOf, severityOf, validateMatrix } from './priority-matrix';

const copy = (): Priority[][] => ITIL_DEFAULT_MATRIX.cells.map((row) => [...row]);

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

  it('is itself a valid matrix', () => {
    expect(validateMatrix(ITIL_DEFAULT_MATRIX.cells)).toEqual([]);
  });
});

describe('severityOf', () => {
  it.each([
    ['P1', 'SEV1'],
    ['P2', 'SEV2'],
    ['P3', 'SEV3'],
    ['P4', 'SEV4'],
    ['P5', 'SEV4'],
  ] as const)('%s → %s', (priority, severity) => {
    expect(severityOf(priority)).toBe(severity);
  });
});

describe('validateMatrix', () => {
  it('accepts any monotone 4×4 of P1–P5, including a flat one', () => {
    expect(validateMatrix(Array.from({ length: 4 }, () => ['P3', 'P3', 'P3', 'P3']))).toEqual([]);
    const stricter = copy();
    stricter[3][3] = 'P5';
    stricter[0][3] = 'P2';
    expect(validateMatrix(stricter)).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['not a list', 'P1'],
    ['three rows', copy().slice(0, 3)],
    ['five rows', [...copy(), ['P5', 'P5', 'P5', 'P5']]],
  ])('names cells when the rows are wrong (%s)', (_name, cells) => {
    expect(validateMatrix(cells).map((e) => e.field)).toEqual(['cells']);
  });

  it('names each short row and each value that is not a priority', () => {
    const cells: unknown[][] = copy();
    cells[1] = ['P1', 'P2', 'P3'];
    cells[2][3] = 'P6';
    cells[3][0] = 3;
    expect(validateMatrix(cells)).toEqual([
      { field: 'cells.1', reason: 'impact 2 must have 4 priorities (urgency 1–4)' },
      { field: 'cells.2.3', reason: 'must be one of P1, P2, P3, P4, P5' },
      { field: 'cells.3.0', reason: 'must be one of P1, P2, P3, P4, P5' },
    ]);
  });

  it('refuses a cell more urgent than the one above it (lower impact may not raise priority)', () => {
    const cells = copy();
    cells[3][0] = 'P1'; // impact 4 × urgency 1, under impact 3 × urgency 1 = P2
    expect(validateMatrix(cells)).toEqual([
      {
        field: 'cells.3.0',
        reason: 'P1 at impact 4 × urgency 1 is more urgent than P2 at the higher impact 3 (same urgency): higher impact may not lower priority',
      },
    ]);
  });

  it('refuses a cell more urgent than the one to its left (lower urgency may not raise priority)', () => {
    const cells = copy();
    cells[0][3] = 'P1'; // impact 1 × urgency 4, right of impact 1 × urgency 3 = P2
    expect(validateMatrix(cells)).toEqual([
      {
        field: 'cells.0.3',
        reason: 'P1 at impact 1 × urgency 4 is more urgent than P2 at the higher urgency 3 (same impact): higher urgency may not lower priority',
      },
    ]);
  });

  it('an upside-down matrix has errors on every row but the first', () => {
    const fields = validateMatrix([...copy()].reverse()).map((e) => e.field);
    expect(new Set(fields.map((f) => f.split('.')[1]))).toEqual(new Set(['1', '2', '3']));
  });
});
