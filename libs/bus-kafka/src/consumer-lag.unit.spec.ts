import { lagOf, partitionKey, positionsOf, reached } from './consumer-lag';

describe('consumer lag and catching up', () => {
  const watermarks = [
    { partition: 0, high: '10', low: '0' },
    { partition: 1, high: '5', low: '2' },
    { partition: 2, high: '7', low: '0' },
  ];

  it('counts what is left on the assigned partitions only, from the committed offsets', () => {
    const positions = positionsOf('t', [0, 1], watermarks, [{ partition: 0, offset: '8' }, { partition: 1, offset: '5' }], true);
    expect(lagOf(positions)).toBe(2);
  });

  it('starts a never-committed partition where the consumer would: the earliest offset, or the end', () => {
    expect(lagOf(positionsOf('t', [1], watermarks, [{ partition: 1, offset: '-1' }], true))).toBe(3);
    expect(lagOf(positionsOf('t', [1], watermarks, [], false))).toBe(0);
  });

  it('is caught up once everything there at joining is handled, even if more arrived since', () => {
    const targets = new Map([[partitionKey('t', 0), 10n]]);
    expect(reached(positionsOf('t', [0], watermarks, [{ partition: 0, offset: '9' }], true), targets)).toBe(false);
    const later = [{ partition: 0, high: '14', low: '0' }];
    const positions = positionsOf('t', [0], later, [{ partition: 0, offset: '10' }], true);
    expect(reached(positions, targets)).toBe(true);
    expect(lagOf(positions)).toBe(4);
  });
});
