import { countQuery, likePrefix, readAllQuery, toRecorded } from './event-rows';

describe('the log queries', () => {
  it('takes LIKE wildcards in a prefix literally', () => {
    expect(likePrefix('alert-')).toBe('alert-%');
    expect(likePrefix('a_b%c\\d')).toBe('a\\_b\\%c\\\\d%');
  });

  it('reads a whole category through the category column and any other prefix through LIKE, one ordered page each', () => {
    const query = readAllQuery('s.events', 7, { streamPrefixes: ['alert-', 'alert-a1', 'alert-'] }, 500)!;
    // The repeated prefix is one subquery; the merge is a UNION (overlaps answer an event once).
    expect(query.values).toEqual([7, 500, 'alert', 'alert-a1%']);
    expect(query.text).toContain('category = $3 AND position > $1 ORDER BY position LIMIT $2');
    expect(query.text).toContain('stream_name LIKE $4 AND position > $1 ORDER BY position LIMIT $2');
    expect(query.text).toMatch(/\) UNION \(/);
    expect(query.text).toMatch(/ORDER BY position LIMIT \$2$/);
  });

  it('reads everything without a filter, nothing with an empty one, and no limit as LIMIT NULL', () => {
    expect(readAllQuery('s.events', 0, undefined, undefined)).toEqual({
      text: expect.stringMatching(/FROM s\.events WHERE position > \$1 ORDER BY position LIMIT \$2$/),
      values: [0, null],
    });
    expect(readAllQuery('s.events', 0, { streamPrefixes: [] }, 10)).toBeUndefined();
    expect(countQuery('s.events', 0, { streamPrefixes: [] })).toBeUndefined();
    expect(countQuery('s.events', 3, { streamPrefixes: ['alert-', 'al_'] })!.values).toEqual([3, ['alert'], ['al\\_%']]);
  });

  it('decodes a row into a recorded event with a numeric position and an ISO recordedAt', () => {
    const event = toRecorded({
      position: '9007199254740991',
      id: 'e1',
      stream_name: 'alert-1',
      revision: 2,
      type: 'AlertReceived',
      schema_version: 3,
      data: '{"b":1,"a":[true,null]}',
      metadata: '{"correlationId":"c","causationId":"c","actor":"system:test","occurredAt":"2026-01-01T00:00:00.000Z"}',
      recorded_at: new Date('2026-02-03T04:05:06.789Z'),
    });
    expect(event).toEqual({
      id: 'e1',
      type: 'AlertReceived',
      schemaVersion: 3,
      data: { b: 1, a: [true, null] },
      metadata: { correlationId: 'c', causationId: 'c', actor: 'system:test', occurredAt: '2026-01-01T00:00:00.000Z' },
      streamId: 'alert-1',
      revision: 2,
      position: 9007199254740991,
      recordedAt: '2026-02-03T04:05:06.789Z',
    });
  });
});
