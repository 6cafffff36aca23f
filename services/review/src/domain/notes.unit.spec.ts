import { DomainError, NotFoundError, RecordedEvent, given } from '@linchpin/eventsourcing';
import { TimelineEntryRecordedV1, upcast } from '@linchpin/contracts';
import { RecordEntry, recordEntry } from './timeline';
import { timelineDecider } from './timeline.decider';
import { AddNote, CorrectNote, entriesOf, noteAdded, noteCorrected, withCurrentNotes } from './notes';

/* Issue 16: people's notes on a timeline are review events; corrections are new events, never rewrites. */

const incidentId = '11111111-1111-4111-8111-111111111111';
const sourceId = '22222222-2222-4222-8222-222222222222';
const noteId = '33333333-3333-4333-8333-333333333333';
const context = { actor: 'person:alice', causationId: 'req', occurredAt: '2026-01-01T00:01:00.000Z' };
const source: RecordEntry = {
  type: 'RecordEntry',
  eventId: 'entry-1',
  incidentId,
  source: { id: sourceId, type: 'IncidentAcknowledged', schemaVersion: 1, context: 'coordination', recordedAt: '2026-01-01T00:00:02.000Z', occurredAt: '2026-01-01T00:00:01.000Z', actor: 'user:alice', data: { by: 'alice' } },
  context: { actor: 'system:review', causationId: sourceId, occurredAt: '2026-01-01T00:00:03.000Z' },
};
const note = (about: string | null = null, text = 'Roll back, do not fix forward'): AddNote => ({ type: 'AddNote', incidentId, noteId, kind: 'decision', text, about, context });
const correct = (text: string, id = 'c-1', target = noteId): CorrectNote => ({ type: 'CorrectNote', incidentId, noteId: target, correctionId: id, text, context });

describe('notes on a timeline (decider)', () => {
  const timeline = [recordEntry(source)];

  it('records a note about an entry of the timeline, by the principal that wrote it', () => {
    const [added] = given(timelineDecider, timeline).when(note(sourceId)).events;
    expect(added).toMatchObject({ id: noteId, type: 'TimelineNoteAdded', data: { incidentId, noteId, kind: 'decision', about: sourceId }, metadata: { actor: 'person:alice', incidentId } });
  });

  it('refuses a note on a timeline review has not heard of (not found) and one about no entry of it (unknown_reference naming about)', () => {
    given(timelineDecider).when(note()).thenThrows(NotFoundError);
    const refused = given(timelineDecider, timeline).when(note('44444444-4444-4444-8444-444444444444')).thenThrows(DomainError, 'unknown_reference');
    expect(refused.field).toBe('about');
    // `about` names an entry by its eventId on the timeline (the source's id), not by review's own entry id.
    given(timelineDecider, timeline).when(note('entry-1')).thenThrows(DomainError, 'unknown_reference');
  });

  it('corrects a note by a new event holding what it read before; the same note repeated or the same text decides nothing or is refused', () => {
    const written = [...timeline, noteAdded(note())];
    given(timelineDecider, written).when(note()).then([]);
    const [correction] = given(timelineDecider, written).when(correct('Roll back release 42')).events;
    expect(correction).toMatchObject({ id: 'c-1', type: 'TimelineNoteCorrected', data: { noteId, text: 'Roll back release 42', previousText: 'Roll back, do not fix forward' } });
    const corrected = [...written, correction];
    given(timelineDecider, corrected).when(correct('Roll back release 42', 'c-2')).thenThrows(DomainError, 'nothing_to_correct');
    const [again] = given(timelineDecider, corrected).when(correct('Roll back release 43', 'c-3')).events;
    expect(again.data).toMatchObject({ previousText: 'Roll back release 42' });
  });

  it('corrects only notes: another context’s entry is its fact (not_a_note), an unknown id is not found', () => {
    const written = [...timeline, noteAdded(note())];
    given(timelineDecider, written).when(correct('x', 'c-1', sourceId)).thenThrows(DomainError, 'not_a_note');
    given(timelineDecider, written).when(correct('x', 'c-1', '55555555-5555-4555-8555-555555555555')).thenThrows(NotFoundError);
  });
});

describe('a timeline with notes (view)', () => {
  const recorded = (event: { id: string; type: string; schemaVersion: number; data: unknown; metadata: RecordedEvent['metadata'] }, recordedAt: string, revision: number): RecordedEvent => ({
    ...event,
    streamId: `timeline-${incidentId}`,
    revision,
    position: revision + 1,
    recordedAt,
  });

  it('shows a note with its current text and when it was corrected, and the correction as its own entry; as of before, as written', () => {
    const added = noteAdded(note(sourceId));
    const fixed = noteCorrected(correct('Roll back release 42'), added.data.text);
    const events = [
      recorded(recordEntry(source), '2026-01-01T00:00:03.000Z', 0),
      recorded(added, '2026-01-01T00:01:00.000Z', 1),
      recorded({ ...fixed, metadata: { ...fixed.metadata, occurredAt: '2026-01-01T00:05:00.000Z' } }, '2026-01-01T00:05:00.100Z', 2),
    ];
    const entries = withCurrentNotes(entriesOf(events));
    expect(entries.map((e) => [e.context, e.type, e.summary])).toEqual([
      ['coordination', 'IncidentAcknowledged', 'Acknowledged by alice'],
      ['review', 'TimelineNoteAdded', 'Decision about IncidentAcknowledged: Roll back release 42 (corrected)'],
      ['review', 'TimelineNoteCorrected', 'Note corrected: Roll back release 42 (was: Roll back, do not fix forward)'],
    ]);
    expect(entries[1]).toMatchObject({ eventId: noteId, actor: 'person:alice', at: '2026-01-01T00:01:00.000Z', occurredAt: '2026-01-01T00:01:00.000Z' });
    expect(entries[1].note).toEqual({ noteId, kind: 'decision', text: 'Roll back release 42', about: sourceId, correctedAt: '2026-01-01T00:05:00.000Z' });
    expect(entries[2].correctionOf).toBe(noteId);
    expect(withCurrentNotes(entriesOf(events.slice(0, 2)))[1].note).toMatchObject({ text: 'Roll back, do not fix forward', correctedAt: null });
  });

  it('shows an entry recorded before v2 with its record time as its event time', () => {
    const { occurredAt: _dropped, ...v1 } = recordEntry(source).data;
    const old = recorded(TimelineEntryRecordedV1.create('entry-1', v1, recordEntry(source).metadata), '2026-01-01T00:00:03.000Z', 0);
    expect(entriesOf([upcast(old)])[0]).toMatchObject({ at: '2026-01-01T00:00:02.000Z', occurredAt: '2026-01-01T00:00:02.000Z' });
  });
});
