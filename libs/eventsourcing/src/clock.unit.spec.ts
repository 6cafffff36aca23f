import { ManualClock, MovableClock, isAdjustableClock, systemClock } from './clock';

describe('MovableClock', () => {
  let system = Date.parse('2026-05-01T12:00:00.000Z');
  const systemNow = () => system;

  it('follows the system clock until moved, then keeps flowing from where it was set', () => {
    const clock = new MovableClock(undefined, systemNow);
    expect(clock.now().toISOString()).toBe('2026-05-01T12:00:00.000Z');
    clock.set('2026-03-08T07:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-03-08T07:00:00.000Z');
    system += 1500;
    expect(clock.now().toISOString()).toBe('2026-03-08T07:00:01.500Z');
    clock.advance(15 * 60_000);
    expect(clock.now().toISOString()).toBe('2026-03-08T07:15:01.500Z');
  });

  it('tells its listeners of each jump, and stops when unsubscribed', () => {
    const clock = new MovableClock('2026-01-01T00:00:00.000Z', systemNow);
    const heard: string[] = [];
    const unsubscribe = clock.onChange((now) => heard.push(now.toISOString()));
    clock.onChange(() => {
      throw new Error('a broken listener');
    });
    clock.advance(1000);
    unsubscribe();
    clock.set('2027-01-01T00:00:00.000Z');
    expect(heard).toEqual(['2026-01-01T00:00:01.000Z']);
  });

  it('refuses a negative or non-finite advance and a date that is not one', () => {
    const clock = new MovableClock(undefined, systemNow);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set('yesterday')).toThrow(RangeError);
    expect(clock.offset()).toBe(0);
  });

  it('stands still at an instant when a move says frozen, until a move says otherwise', () => {
    const clock = new MovableClock(undefined, systemNow);
    expect(clock.frozen).toBe(false);
    clock.set('2026-03-08T07:00:00.000Z', { frozen: true });
    system += 5_000;
    expect([clock.now().toISOString(), clock.frozen]).toEqual(['2026-03-08T07:00:00.000Z', true]);
    // Advanced frozen: exactly so many ms later, however long the machine took in between.
    clock.advance(300_000, { frozen: true });
    system += 5_000;
    expect(clock.now().toISOString()).toBe('2026-03-08T07:05:00.000Z');
    expect(clock.offset()).toBe(Date.parse('2026-03-08T07:05:00.000Z') - system);
    // A move without `frozen` lets time flow again from the instant it sets.
    clock.advance(60_000);
    system += 1_500;
    expect([clock.now().toISOString(), clock.frozen]).toEqual(['2026-03-08T07:06:01.500Z', false]);
    clock.set('2026-03-09T00:00:00.000Z', { frozen: true });
    clock.set('2026-03-10T00:00:00.000Z');
    system += 10;
    expect(clock.now().toISOString()).toBe('2026-03-10T00:00:00.010Z');
  });

  it('moves backwards only when set to an earlier instant', () => {
    const clock = new MovableClock('2026-06-01T00:00:00.000Z', systemNow);
    clock.set('2026-01-01T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('ManualClock', () => {
  it('moves only when told, and tells its listeners', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const heard: string[] = [];
    clock.onChange((now) => heard.push(now.toISOString()));
    clock.advance(60_000);
    clock.set('2026-02-01T00:00:00.000Z');
    expect(heard).toEqual(['2026-01-01T00:01:00.000Z', '2026-02-01T00:00:00.000Z']);
  });

  it('always stands still between moves', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    clock.set('2026-02-01T00:00:00.000Z', { frozen: false });
    expect([clock.now().toISOString(), clock.frozen]).toEqual(['2026-02-01T00:00:00.000Z', true]);
  });

  it('is adjustable; the system clock is not', () => {
    expect(isAdjustableClock(new ManualClock())).toBe(true);
    expect(isAdjustableClock(new MovableClock())).toBe(true);
    expect(isAdjustableClock(systemClock)).toBe(false);
  });
});
