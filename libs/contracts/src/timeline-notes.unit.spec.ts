import { UpcasterChain } from '@linchpin/eventsourcing';
import { upcasters } from './catalogue';
import { eventContracts } from './event-contracts';
import { TimelineEntryRecordedV1, TimelineEntryRecordedV2 } from './events/timeline-entry-recorded';
import { TimelineNoteAddedV1 } from './events/timeline-note-added';
import { TimelineNoteCorrectedV1 } from './events/timeline-note-corrected';

/* Issue 16, the timeline: each entry keeps its source's event time; people's notes and their corrections are events. */

const incidentId = '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10';
const metadata = { incidentId, correlationId: incidentId, causationId: 'c', actor: 'system:review', occurredAt: '2026-01-01T00:00:09.000Z' };
const recorded = { streamId: `timeline-${incidentId}`, revision: 0, position: 1, recordedAt: '2026-01-01T00:00:10.000Z' };
const entry = {
  incidentId,
  sourceEventId: '1b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
  sourceType: 'IncidentAcknowledged',
  sourceSchemaVersion: 1,
  context: 'coordination',
  at: '2026-01-01T00:00:05.000Z',
  actor: 'user:alice',
  summary: 'Acknowledged by alice',
  data: { incidentId, by: 'alice' },
};

describe('TimelineEntryRecorded v2 and the notes of a timeline', () => {
  const chain = new UpcasterChain(upcasters);

  it('raises a v1 entry to v2 with its record time as its event time (unknown before v2)', () => {
    const up = chain.upcast({ ...TimelineEntryRecordedV1.create('e', entry, metadata), ...recorded });
    expect(up.schemaVersion).toBe(2);
    expect(up.data).toEqual({ ...entry, occurredAt: entry.at });
    expect(TimelineEntryRecordedV2.validate(up.data)).toEqual([]);
    expect(eventContracts.check(up)).toEqual({ kind: 'valid' });
  });

  it('keeps a v2 entry’s own event time', () => {
    const v2 = { ...TimelineEntryRecordedV2.create('e', { ...entry, occurredAt: '2026-01-01T00:00:04.000Z' }, metadata), ...recorded };
    expect(chain.upcast(v2).data.occurredAt).toBe('2026-01-01T00:00:04.000Z');
  });

  it('checks a note and a correction against their contracts', () => {
    const noteId = '2b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10';
    const note = TimelineNoteAddedV1.create(noteId, { incidentId, noteId, kind: 'decision', text: 'Roll back, do not fix forward', about: entry.sourceEventId }, metadata);
    expect(eventContracts.check({ ...note, ...recorded })).toEqual({ kind: 'valid' });
    expect(TimelineNoteAddedV1.validate({ ...note.data, kind: 'rumour' }).some((e) => e.startsWith('/kind'))).toBe(true);
    expect(TimelineNoteAddedV1.validate({ ...note.data, text: '' }).some((e) => e.startsWith('/text'))).toBe(true);
    const correction = TimelineNoteCorrectedV1.create('c', { incidentId, noteId, text: 'Roll back release 42', previousText: note.data.text }, metadata);
    expect(eventContracts.check({ ...correction, ...recorded })).toEqual({ kind: 'valid' });
  });
});
