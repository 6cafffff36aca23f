import { RecordedEvent } from '@linchpin/eventsourcing';
import { analyticsReadModel } from './analytics.read-model';
import { ReadModelDb } from './read-model.port';

const entry = (sourceType: string, position: number): RecordedEvent =>
  ({
    id: `e${position}`,
    type: 'TimelineEntryRecorded',
    schemaVersion: 2,
    streamId: 'timeline-i1',
    revision: position,
    position,
    recordedAt: '2026-11-30T00:00:00.000Z',
    data: { incidentId: 'i1', sourceType, sourceEventId: `s${position}`, context: 'detection', summary: '', data: {} },
    metadata: {},
  }) as unknown as RecordedEvent;

const recordingDb = () => {
  const runs: string[] = [];
  const db = { run: (sql: string) => void runs.push(sql), all: () => [], get: () => undefined } as unknown as ReadModelDb;
  return { db, runs };
};

describe('analytics read model', () => {
  it('keeps an entry the folds read and marks its incident to fold again', () => {
    const { db, runs } = recordingDb();
    analyticsReadModel.apply(db, entry('AlertFired', 1));
    expect(runs.some((sql) => sql.includes('analytics_entries'))).toBe(true);
    expect(runs.some((sql) => sql.includes('analytics_changed'))).toBe(true);
  });

  it('a batch of repeats (AlertDeduplicated) changes no figure: nothing is kept, nothing folds again', () => {
    const { db, runs } = recordingDb();
    analyticsReadModel.apply(db, entry('AlertDeduplicated', 2));
    expect(runs).toEqual([]);
  });
});
