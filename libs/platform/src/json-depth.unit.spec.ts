import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth';

describe('jsonDepthExceeds', () => {
  const objects = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('allows nesting up to the limit and refuses one level more, for objects and arrays', () => {
    expect(jsonDepthExceeds(objects(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(objects(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds(arrays(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(arrays(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds('[{"a":[{}]}]', 3)).toBe(true);
  });

  it('counts depth, not how many containers there are', () => {
    expect(jsonDepthExceeds(JSON.stringify(Array.from({ length: 10_000 }, () => ({ a: [1] }))))).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ s: '['.repeat(1000), t: '\\"{{{{{{"' }), 2)).toBe(false);
  });

  it('scans a very deep text without recursion', () => {
    expect(jsonDepthExceeds(arrays(1_000_000))).toBe(true);
  });
});
