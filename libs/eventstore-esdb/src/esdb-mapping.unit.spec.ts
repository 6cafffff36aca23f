import { ANY, NO_STREAM, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { EventEnvelope, streamName } from '@linchpin/eventsourcing';
import { CHECKPOINT_PREFIX, LEASE_PREFIX, checkpointStream, fromPosition, inLog, isLinchpinRecord, leaseStream, toEventData, toExpected, toRecorded } from './esdb-mapping';

const envelope: EventEnvelope = {
  id: '5f0c3d4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f',
  type: 'IncidentDetected',
  schemaVersion: 2,
  data: { title: 'db down', labels: { env: 'prod' }, n: [1, 2] },
  metadata: {
    incidentId: 'i-1',
    correlationId: 'corr',
    causationId: 'cause',
    actor: 'user:alice',
    occurredAt: '2026-01-01T00:00:00.000Z',
  },
};

describe('EventStoreDB mapping', () => {
  it('maps expected revisions to the client constants and bigint', () => {
    expect(toExpected('any')).toBe(ANY);
    expect(toExpected('no_stream')).toBe(NO_STREAM);
    expect(toExpected(4)).toBe(4n);
  });

  it('stores the schema version and the server correlation keys in metadata and reads back the envelope', () => {
    const data = toEventData(envelope);
    expect(data).toMatchObject({ id: envelope.id, type: envelope.type, contentType: 'application/json' });
    expect(data.metadata).toMatchObject({ schemaVersion: 2, $correlationId: 'corr', $causationId: 'cause' });

    const stored = {
      streamId: 'detection-1',
      id: data.id,
      isJson: true,
      revision: 3n,
      type: data.type,
      created: new Date('2026-02-03T04:05:06.789Z'),
      data: JSON.parse(JSON.stringify(data.data)),
      metadata: JSON.parse(JSON.stringify(data.metadata)),
      position: { commit: 1234n, prepare: 1234n },
    } as EsdbRecordedEvent;
    expect(toRecorded(stored)).toEqual({
      ...envelope,
      streamId: 'detection-1',
      revision: 3,
      position: 1234,
      recordedAt: '2026-02-03T04:05:06.789Z',
    });
  });

  it('resumes after a position from that commit position, or from the start', () => {
    expect(fromPosition(undefined)).toBe('start');
    expect(fromPosition(1234)).toEqual({ commit: 1234n, prepare: 1234n });
  });

  it('keeps system, checkpoint and lease streams out of the log and applies prefixes', () => {
    expect(inLog('$$detection-1')).toBe(false);
    expect(inLog('$ce-detection')).toBe(false);
    expect(inLog(checkpointStream('relay:detection'))).toBe(false);
    expect(inLog(leaseStream('relay:detection'))).toBe(false);
    expect(inLog(leaseStream('relay:detection'), { streamPrefixes: ['_', ''] })).toBe(false);
    // `checkpoint` is a category like any other now.
    expect(inLog('checkpoint-1')).toBe(true);
    expect(inLog('detection-1')).toBe(true);
    expect(inLog('detection-1', { streamPrefixes: ['triage-', 'detection-'] })).toBe(true);
    expect(inLog('alert-1', { streamPrefixes: ['triage-', 'detection-'] })).toBe(false);
    expect(inLog('alert-1', { streamPrefixes: [] })).toBe(false);
  });

  it('names checkpoint and lease streams so that no domain stream name can start the same way', () => {
    for (const prefix of [CHECKPOINT_PREFIX, LEASE_PREFIX]) {
      expect(() => streamName(prefix.split('-')[0], 'relay')).toThrow();
      // Every domain stream starts with a lowercase letter (its camelCase category).
      expect(/^[a-z]/.test(prefix)).toBe(false);
    }
  });

  it('recognises the records Linchpin wrote: JSON objects of a type without `$`', () => {
    const record = (over: Partial<EsdbRecordedEvent>) =>
      ({ streamId: 'detection-1', type: 'IncidentDetected', isJson: true, data: { a: 1 }, ...over }) as EsdbRecordedEvent;
    expect(isLinchpinRecord(record({}))).toBe(true);
    expect(isLinchpinRecord(record({ type: '$>', isJson: false, data: new Uint8Array() }))).toBe(false);
    expect(isLinchpinRecord(record({ type: '$streamDeleted' }))).toBe(false);
    expect(isLinchpinRecord(record({ type: '$metadata', streamId: '$$detection-1' }))).toBe(false);
    expect(isLinchpinRecord(record({ isJson: false, data: new Uint8Array([1]) }))).toBe(false);
    expect(isLinchpinRecord(record({ data: '{malformed' }))).toBe(false);
    expect(isLinchpinRecord(record({ streamId: 'checkpoint-relay', type: 'CheckpointSaved', data: { position: 1 } }))).toBe(false);
    expect(isLinchpinRecord(record({ streamId: 'checkpoint-1', type: 'Thing' }))).toBe(true);
  });
});
