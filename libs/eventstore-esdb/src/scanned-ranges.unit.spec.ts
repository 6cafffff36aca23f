import { ScannedRanges, filterKey } from './scanned-ranges';

describe('ScannedRanges', () => {
  it('resumes a read after a position inside the scanned range from its end, and only there', () => {
    const ranges = new ScannedRanges();
    const key = filterKey({ streamPrefixes: ['own-'] });
    ranges.record(key, 100, 500);
    expect(ranges.resumeFrom(key, 100)).toBe(500);
    expect(ranges.resumeFrom(key, 300)).toBe(500);
    expect(ranges.resumeFrom(key, 99)).toBe(99); // before the range: (99, 100] was never scanned
    expect(ranges.resumeFrom(key, 600)).toBe(600);
    expect(ranges.resumeFrom(filterKey(), 100)).toBe(100);
  });

  it('joins a range that continues the known one and keeps the one reaching further', () => {
    const ranges = new ScannedRanges();
    ranges.record('k', 100, 500);
    ranges.record('k', 500, 900);
    expect(ranges.resumeFrom('k', 100)).toBe(900);
    ranges.record('k', 200, 300); // an older reader's finding: the known range reaches further
    expect(ranges.resumeFrom('k', 100)).toBe(900);
    ranges.record('k', 950, 1000); // not contiguous: replaces
    expect(ranges.resumeFrom('k', 100)).toBe(100);
    expect(ranges.resumeFrom('k', 950)).toBe(1000);
  });

  it('treats the same prefixes in any order as one filter', () => {
    expect(filterKey({ streamPrefixes: ['b-', 'a-'] })).toBe(filterKey({ streamPrefixes: ['a-', 'b-'] }));
    expect(filterKey({ streamPrefixes: [] })).not.toBe(filterKey());
  });
});
