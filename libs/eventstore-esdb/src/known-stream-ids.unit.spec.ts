import { KnownStreamIds } from './known-stream-ids';

const record = (revision: number) => ({ id: `id-${revision}`, revision, position: 1000 + revision * 10 });

describe('KnownStreamIds', () => {
  it('knows a stream from revision 0 only, extended by contiguous reads and appends', () => {
    const known = new KnownStreamIds();
    expect(known.read('s', 2, [record(2)], true)).toBeUndefined(); // revisions 0..1 unknown
    known.read('s', 0, [record(0), record(1)], true);
    known.read('s', 2, [record(2)], true);
    known.appended('s', ['id-3', 'id-4'], 4, 1040);
    const s = known.get('s');
    expect(s?.revision).toBe(4);
    expect([...(s?.ids.keys() ?? [])]).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
    expect(s?.ids.get('id-4')).toEqual({ revision: 4, position: 1040 });
    expect(s?.ids.get('id-3')).toEqual({ revision: 3, position: undefined });
  });

  it('forgets a stream when an append did not start where it ended, and knows a missing stream as empty', () => {
    const known = new KnownStreamIds();
    known.read('s', 0, [record(0)], true);
    known.appended('s', ['x'], 5, 2000);
    expect(known.get('s')).toBeUndefined();
    expect(known.read('t', 0, [], false)).toEqual({ revision: -1, ids: new Map() });
  });

  it('forgets the least recently used stream beyond its capacity', () => {
    const known = new KnownStreamIds(2);
    known.read('a', 0, [record(0)], true);
    known.read('b', 0, [record(0)], true);
    known.get('a');
    known.read('c', 0, [record(0)], true);
    expect(known.get('b')).toBeUndefined();
    expect(known.get('a')).toBeDefined();
    expect(known.get('c')).toBeDefined();
  });
});
