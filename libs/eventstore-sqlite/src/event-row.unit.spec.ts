import { EventEnvelope, RecordedEvent } from '@linchpin/eventsourcing';
import { EventRow, toRecorded } from './event-row';
import { SqliteEventStore } from './sqlite-event-store';

/* A stored event's metadata is parsed on first read only, yet callers see the same plain event as before. */

const metadata = {
  incidentId: 'i-1',
  correlationId: 'c-1',
  causationId: 'e-0',
  actor: 'system:test',
  occurredAt: '2026-01-01T00:00:00.000Z',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};
const envelope: EventEnvelope = { id: 'e-1', type: 'Thing', schemaVersion: 2, data: { n: 1, nested: { a: [1, 2] } }, metadata };

describe('a stored event read back from SQLite', () => {
  let store: SqliteEventStore;
  let read: RecordedEvent;

  beforeEach(async () => {
    store = new SqliteEventStore({ path: ':memory:', now: () => new Date('2026-01-01T00:00:01.000Z') });
    await store.append('thing-1', [envelope], 'no_stream');
    [read] = await store.readAll();
  });

  afterEach(() => store.close());

  it('holds the stored metadata, the same object at every read', () => {
    expect(read.metadata).toEqual(metadata);
    expect(read.metadata).toBe(read.metadata);
  });

  it('is the plain event it always was: equal to it, spread and cloned with its metadata', () => {
    const plain = { ...envelope, streamId: 'thing-1', revision: 0, position: 1, recordedAt: '2026-01-01T00:00:01.000Z' };
    expect(read).toEqual(plain);
    expect({ ...read }).toEqual(plain);
    expect(structuredClone(read)).toEqual(plain);
    expect(Object.keys(read)).toEqual(Object.keys(plain));
  });

  it('serializes with its metadata, in the same order and text as the plain event (what relays publish)', () => {
    const plain = { ...envelope, streamId: 'thing-1', revision: 0, position: 1, recordedAt: '2026-01-01T00:00:01.000Z' };
    expect(JSON.stringify(read)).toBe(JSON.stringify(plain));
    expect(JSON.parse(JSON.stringify(read)).metadata).toEqual(metadata);
  });

  it('takes new metadata when a caller assigns it', () => {
    read.metadata = { ...metadata, actor: 'system:other' };
    expect(read.metadata.actor).toBe('system:other');
    expect(JSON.parse(JSON.stringify(read)).metadata.actor).toBe('system:other');
  });

  it('reads the same through readStream', async () => {
    const [fromStream] = await store.readStream('thing-1');
    expect(fromStream).toEqual(read);
    expect(fromStream.metadata).toEqual(metadata);
  });
});

describe('decoding a row', () => {
  const row = (metadataText: string): EventRow => [7, 'e-7', 'thing-7', 0, 'Thing', 1, '{"n":7}', metadataText, '2026-01-01T00:00:00.000Z'];

  it('parses the data at once and leaves the metadata text alone until it is read', () => {
    const event = toRecorded(row('not JSON'));
    expect(event.data).toEqual({ n: 7 });
    expect(event.position).toBe(7);
    expect(() => event.metadata).toThrow(SyntaxError);
  });
});
