import { Schedule, ScheduleLayer } from './definition';
import { coverage, onCallAt, shifts } from './evaluate';

const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const CAROL = '00000000-0000-4000-8000-00000000000c';
const DAVE = '00000000-0000-4000-8000-00000000000d';

const layer = (over: Partial<ScheduleLayer> = {}): ScheduleLayer => ({
  name: 'primary',
  participants: [ALICE, BOB],
  rotation: 'daily',
  start: '2026-03-02T09:00',
  handoffTime: '09:00',
  restrictions: [],
  ...over,
});
const schedule = (over: Partial<Schedule> = {}): Schedule => ({ name: 'payments', timeZone: 'Europe/Berlin', layers: [layer()], overrides: [], ...over });

/** Given a daily layer handing off at a local time, the instants of its hand-offs between two instants. */
const handoffs = (timeZone: string, start: string, from: string, to: string): string[] => {
  const s = schedule({ timeZone, layers: [layer({ start, handoffTime: start.slice(11) })] });
  return shifts(s, from, to).slice(1).map((shift) => shift.start);
};

describe('schedule time-zone rules (pinned instants)', () => {
  it('a daily hand-off at 02:30 in America/New_York on 2026-03-08 happens at 07:30Z', () => {
    expect(handoffs('America/New_York', '2026-03-01T02:30', '2026-03-07T12:00:00Z', '2026-03-08T12:00:00Z')).toEqual(['2026-03-08T07:30:00.000Z']);
  });

  it('a daily hand-off at 01:30 in America/New_York on 2026-11-01 happens at 05:30Z', () => {
    expect(handoffs('America/New_York', '2026-10-25T01:30', '2026-10-31T12:00:00Z', '2026-11-01T12:00:00Z')).toEqual(['2026-11-01T05:30:00.000Z']);
  });

  it('a daily hand-off at 01:30 in Europe/London on 2026-03-29 happens at 01:30Z', () => {
    expect(handoffs('Europe/London', '2026-03-22T01:30', '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toEqual(['2026-03-29T01:30:00.000Z']);
  });

  it('a daily hand-off at 01:30 in Europe/London on 2026-10-25 happens at 00:30Z', () => {
    expect(handoffs('Europe/London', '2026-10-18T01:30', '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual(['2026-10-25T00:30:00.000Z']);
  });

  it('given a hand-off in the spring gap, then the shift before is an hour shorter and the next hand-off is back at 02:30 local', () => {
    const s = schedule({ timeZone: 'America/New_York', layers: [layer({ start: '2026-03-01T02:30', handoffTime: '02:30' })] });
    const around = shifts(s, '2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z');
    expect(around.map((x) => [x.start, x.end])).toEqual([
      ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z'], // 23 hours: 02:30 EST to 03:30 EDT
      ['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z'], // 02:30 EDT
      ['2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z'],
    ]);
  });
});

describe('onCallAt', () => {
  it('given a daily rotation, when asked during each turn, then the participants take turns in order from the start', () => {
    const s = schedule();
    expect(onCallAt(s, '2026-03-02T08:00:00Z')).toMatchObject({ personId: ALICE, layer: 1, shiftStart: '2026-03-02T08:00:00.000Z', shiftEnd: '2026-03-03T08:00:00.000Z' });
    expect(onCallAt(s, '2026-03-03T08:00:00Z').personId).toBe(BOB);
    expect(onCallAt(s, '2026-03-04T07:59:59Z').personId).toBe(BOB);
    expect(onCallAt(s, '2026-03-04T08:00:00Z').personId).toBe(ALICE);
  });

  it('given a date long past or far ahead, when asked, then it answers from the rotation alone', () => {
    const s = schedule();
    // 2026-03-02 + 400 days = 2027-04-06: an even turn, Alice; local 09:00 is 07:00Z in summer.
    expect(onCallAt(s, '2027-04-06T12:00:00Z')).toMatchObject({ personId: ALICE, shiftStart: '2027-04-06T07:00:00.000Z' });
    expect(onCallAt(s, '2027-04-07T12:00:00Z').personId).toBe(BOB);
  });

  it('given an instant before the layer starts, then nobody, and the reason says when it starts', () => {
    const answer = onCallAt(schedule(), '2026-03-01T00:00:00Z');
    expect(answer).toMatchObject({ personId: null, layer: null, shiftStart: null, shiftEnd: null });
    expect(answer.reason).toContain('starts at 2026-03-02T09:00 (Europe/Berlin)');
    expect(answer.layers).toEqual([expect.objectContaining({ layer: 1, personId: null })]);
  });

  it('given a start between hand-off times, then the first turn is short and the hand-offs keep their local time', () => {
    const s = schedule({ layers: [layer({ start: '2026-03-02T15:00', handoffTime: '09:00' })] });
    expect(onCallAt(s, '2026-03-02T15:00:00Z')).toMatchObject({ personId: ALICE, shiftStart: '2026-03-02T14:00:00.000Z', shiftEnd: '2026-03-03T08:00:00.000Z' });
    expect(onCallAt(s, '2026-03-03T08:00:00Z').personId).toBe(BOB);
  });

  it('given a weekly rotation, then each participant has seven days, handing off on the start weekday', () => {
    const s = schedule({ layers: [layer({ rotation: 'weekly', participants: [ALICE, BOB, CAROL] })] });
    expect(onCallAt(s, '2026-03-08T12:00:00Z')).toMatchObject({ personId: ALICE, shiftEnd: '2026-03-09T08:00:00.000Z' });
    expect(onCallAt(s, '2026-03-09T08:00:00Z').personId).toBe(BOB);
    expect(onCallAt(s, '2026-03-16T08:00:00Z').personId).toBe(CAROL);
    // Berlin moves to summer time on 2026-03-29: the hand-off stays at 09:00 local.
    expect(onCallAt(s, '2026-03-30T06:59:00Z').personId).toBe(ALICE);
    expect(onCallAt(s, '2026-03-30T07:00:00Z')).toMatchObject({ personId: BOB, shiftStart: '2026-03-30T07:00:00.000Z' });
  });

  it('given a custom 12-hour rotation, then hand-offs at 09:00 and 21:00 local', () => {
    const s = schedule({ layers: [layer({ rotation: 'custom', handoffHours: 12 })] });
    expect(onCallAt(s, '2026-03-02T19:59:00Z')).toMatchObject({ personId: ALICE, shiftEnd: '2026-03-02T20:00:00.000Z' });
    expect(onCallAt(s, '2026-03-02T20:00:00Z')).toMatchObject({ personId: BOB, shiftEnd: '2026-03-03T08:00:00.000Z' });
    expect(onCallAt(s, '2026-03-03T08:00:00Z').personId).toBe(ALICE);
  });

  it('given a restriction to weekdays 09:00-17:00, then the layer is empty outside it and a lower layer answers', () => {
    const s = schedule({
      layers: [
        layer({ name: 'follow the sun', participants: [CAROL] }),
        layer({ name: 'business hours', participants: [ALICE, BOB], restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }] }),
      ],
    });
    // Tuesday 2026-03-03 10:00 Berlin: layer 2, Bob's turn (Alice had Monday).
    const inside = onCallAt(s, '2026-03-03T09:00:00Z');
    expect(inside).toMatchObject({ personId: BOB, layer: 2, shiftStart: '2026-03-03T08:00:00.000Z', shiftEnd: '2026-03-03T16:00:00.000Z' });
    expect(inside.layers.map((c) => c.personId)).toEqual([CAROL, BOB]);
    // Tuesday 18:00 Berlin: layer 2 is outside its window, layer 1 answers.
    const evening = onCallAt(s, '2026-03-03T17:00:00Z');
    expect(evening).toMatchObject({ personId: CAROL, layer: 1, shiftStart: '2026-03-03T16:00:00.000Z', shiftEnd: '2026-03-04T08:00:00.000Z' });
    expect(evening.layers[1]).toMatchObject({ personId: null, reason: expect.stringContaining('outside its restrictions') });
    // Saturday noon: layer 2 is off all day.
    expect(onCallAt(s, '2026-03-07T11:00:00Z')).toMatchObject({ personId: CAROL, layer: 1 });
  });

  it('given only a restricted layer, when outside its window, then nobody, with the reason', () => {
    const s = schedule({ layers: [layer({ restrictions: [{ days: ['mon'], start: '09:00', end: '17:00' }] })] });
    const answer = onCallAt(s, '2026-03-03T09:00:00Z');
    expect(answer).toMatchObject({ personId: null, layer: null });
    expect(answer.reason).toContain('outside its restrictions');
  });

  it('given an overnight restriction (22:00-06:00), then it runs into the next day', () => {
    const s = schedule({ layers: [layer({ participants: [ALICE], restrictions: [{ days: ['mon'], start: '22:00', end: '06:00' }] })] });
    expect(onCallAt(s, '2026-03-03T04:00:00Z')).toMatchObject({ personId: ALICE, shiftStart: '2026-03-02T21:00:00.000Z', shiftEnd: '2026-03-03T05:00:00.000Z' });
    expect(onCallAt(s, '2026-03-03T05:00:00Z').personId).toBeNull();
  });

  it('given an override, then it wins over every layer for [from, to), and the layers say who they had', () => {
    const s = schedule({
      layers: [layer(), layer({ name: 'secondary', participants: [CAROL] })],
      overrides: [{ overrideId: 'o1', personId: DAVE, from: '2026-03-02T12:00:00Z', to: '2026-03-02T14:00:00Z' }],
    });
    const covered = onCallAt(s, '2026-03-02T12:00:00Z');
    expect(covered).toMatchObject({ personId: DAVE, layer: 'override', overrideId: 'o1', shiftStart: '2026-03-02T12:00:00.000Z', shiftEnd: '2026-03-02T14:00:00.000Z' });
    expect(covered.layers.map((c) => c.personId)).toEqual([ALICE, CAROL]);
    expect(onCallAt(s, '2026-03-02T14:00:00Z')).toMatchObject({ personId: CAROL, layer: 2, shiftStart: '2026-03-02T14:00:00.000Z' });
    expect(onCallAt(s, '2026-03-02T11:59:59Z')).toMatchObject({ personId: CAROL, layer: 2, shiftEnd: '2026-03-02T12:00:00.000Z' });
  });

  it('given overlapping overrides, then the one added last wins', () => {
    const s = schedule({
      overrides: [
        { overrideId: 'o1', personId: CAROL, from: '2026-03-02T10:00:00Z', to: '2026-03-02T20:00:00Z' },
        { overrideId: 'o2', personId: DAVE, from: '2026-03-02T12:00:00Z', to: '2026-03-02T14:00:00Z' },
      ],
    });
    expect(onCallAt(s, '2026-03-02T13:00:00Z')).toMatchObject({ personId: DAVE, overrideId: 'o2' });
    expect(onCallAt(s, '2026-03-02T15:00:00Z')).toMatchObject({ personId: CAROL, overrideId: 'o1', shiftStart: '2026-03-02T14:00:00.000Z', shiftEnd: '2026-03-02T20:00:00.000Z' });
  });

  it('given an override over centuries on an hourly rotation, then the answer and the shift bounds come from the overrides alone (no turn of the layers is computed)', () => {
    // Computing every hourly turn of 8,000 years held the process until it ran out of memory.
    const s = schedule({
      layers: [layer({ rotation: 'custom', handoffHours: 1, start: '0100-01-01T00:00' })],
      overrides: [
        { overrideId: 'o1', personId: CAROL, from: '0100-01-01T00:00:00Z', to: '9000-01-01T00:00:00Z' },
        { overrideId: 'o2', personId: DAVE, from: '2026-03-02T12:00:00Z', to: '2026-03-02T14:00:00Z' },
      ],
    });
    expect(onCallAt(s, '2026-03-02T15:00:00Z')).toMatchObject({ personId: CAROL, overrideId: 'o1', shiftStart: '2026-03-02T14:00:00.000Z', shiftEnd: '9000-01-01T00:00:00.000Z' });
    expect(shifts(s, '2026-03-02T13:00:00Z', '2026-03-02T15:00:00Z')).toEqual([
      { personId: DAVE, layer: 'override', overrideId: 'o2', start: '2026-03-02T12:00:00.000Z', end: '2026-03-02T14:00:00.000Z' },
      { personId: CAROL, layer: 'override', overrideId: 'o1', start: '2026-03-02T14:00:00.000Z', end: '9000-01-01T00:00:00.000Z' },
    ]);
  });

  it('given a retired schedule, then nobody from the retirement on, and the answer before it stands', () => {
    const s = schedule({ retiredAt: '2026-03-05T00:00:00.000Z' });
    expect(onCallAt(s, '2026-03-04T12:00:00Z').personId).toBe(ALICE);
    expect(onCallAt(s, '2026-03-05T00:00:00Z')).toMatchObject({ personId: null, reason: expect.stringContaining('retired') });
  });
});

describe('shifts', () => {
  it('given layers and an override, then the final shifts in order, each with its source, cut where a higher one takes over', () => {
    const s = schedule({
      layers: [layer({ participants: [CAROL] }), layer({ participants: [ALICE, BOB], restrictions: [{ days: ['mon', 'tue'], start: '09:00', end: '17:00' }] })],
      overrides: [{ overrideId: 'o1', personId: DAVE, from: '2026-03-03T10:00:00Z', to: '2026-03-03T11:00:00Z' }],
    });
    expect(shifts(s, '2026-03-02T08:00:00Z', '2026-03-03T20:00:00Z')).toEqual([
      { personId: ALICE, layer: 2, overrideId: null, start: '2026-03-02T08:00:00.000Z', end: '2026-03-02T16:00:00.000Z' },
      { personId: CAROL, layer: 1, overrideId: null, start: '2026-03-02T16:00:00.000Z', end: '2026-03-03T08:00:00.000Z' },
      { personId: BOB, layer: 2, overrideId: null, start: '2026-03-03T08:00:00.000Z', end: '2026-03-03T10:00:00.000Z' },
      { personId: DAVE, layer: 'override', overrideId: 'o1', start: '2026-03-03T10:00:00.000Z', end: '2026-03-03T11:00:00.000Z' },
      { personId: BOB, layer: 2, overrideId: null, start: '2026-03-03T11:00:00.000Z', end: '2026-03-03T16:00:00.000Z' },
      { personId: CAROL, layer: 1, overrideId: null, start: '2026-03-03T16:00:00.000Z', end: '2026-03-04T08:00:00.000Z' },
    ]);
  });

  it('given a range that cuts shifts, then the first and last keep their true bounds', () => {
    const listed = shifts(schedule(), '2026-03-03T12:00:00Z', '2026-03-04T12:00:00Z');
    expect(listed.map((x) => [x.personId, x.start, x.end])).toEqual([
      [BOB, '2026-03-03T08:00:00.000Z', '2026-03-04T08:00:00.000Z'],
      [ALICE, '2026-03-04T08:00:00.000Z', '2026-03-05T08:00:00.000Z'],
    ]);
  });

  it('given a one-person layer, then one shift per turn (a hand-off to the same person still ends a shift)', () => {
    const s = schedule({ layers: [layer({ participants: [ALICE] })] });
    expect(shifts(s, '2026-03-02T08:00:00Z', '2026-03-04T08:00:00Z')).toHaveLength(2);
  });

  it('given a gap in coverage, then coverage lists it', () => {
    const s = schedule({ layers: [layer({ restrictions: [{ days: ['mon'], start: '09:00', end: '17:00' }] })] });
    expect(coverage(s, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toEqual({
      shifts: [{ personId: ALICE, layer: 1, overrideId: null, start: '2026-03-02T08:00:00.000Z', end: '2026-03-02T16:00:00.000Z' }],
      gaps: [
        { start: '2026-03-02T00:00:00.000Z', end: '2026-03-02T08:00:00.000Z' },
        { start: '2026-03-02T16:00:00.000Z', end: '2026-03-03T00:00:00.000Z' },
      ],
    });
  });

  it('agrees with onCallAt every seven hours over three months, through a daylight-saving change', () => {
    const s = schedule({
      timeZone: 'America/New_York',
      layers: [
        layer({ rotation: 'custom', handoffHours: 8, participants: [ALICE, BOB, CAROL], start: '2026-02-27T01:30' }),
        layer({ participants: [DAVE], restrictions: [{ days: ['sat', 'sun'], start: '10:00', end: '02:30' }] }),
      ],
      overrides: [{ overrideId: 'o1', personId: BOB, from: '2026-03-08T05:00:00Z', to: '2026-03-08T09:00:00Z' }],
    });
    const from = Date.parse('2026-03-01T00:00:00Z');
    const listed = shifts(s, '2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z');
    for (let t = from; t < Date.parse('2026-06-01T00:00:00Z'); t += 7 * 3_600_000) {
      const at = new Date(t).toISOString();
      const answer = onCallAt(s, at);
      const shift = listed.find((x) => x.start <= at && at < x.end);
      expect([answer.personId, answer.shiftStart, answer.shiftEnd]).toEqual([shift?.personId ?? null, shift?.start ?? null, shift?.end ?? null]);
    }
  });
});
