import { parse } from 'csv-parse/sync';
import { generateApiToken } from '@linchpin/platform';
import { InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { eventually } from '@linchpin/testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';

/* Issue 16, item 1: the timeline filtered, with event and record times, exported as CSV and Markdown; people's notes and corrections. */

let position = 0;
const base = Date.parse('2026-02-01T10:00:00.000Z');
const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();

/** A foreign event as the bus carries it: it happened at `happened` seconds, its context recorded it at `recorded`. */
const event = (incidentId: string, context: string, type: string, data: Record<string, unknown>, happened: number, recorded: number, actor = `system:${context}`): RecordedEvent => ({
  id: newId(),
  type,
  schemaVersion: 1,
  data: { incidentId, ...data },
  metadata: { incidentId, correlationId: incidentId, causationId: newId(), actor, occurredAt: at(happened) },
  streamId: `${context}-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: at(recorded),
});

interface Entry {
  at: string;
  recordedAt: string;
  occurredAt: string;
  context: string;
  type: string;
  actor: string;
  summary: string;
  eventId: string;
  note?: { noteId: string; kind: string; text: string; about: string | null; correctedAt: string | null };
  correctionOf?: string;
}

describe('the review timeline: filters, both times, exports, notes and corrections (over HTTP)', () => {
  const viewer = generateApiToken();
  const responder = generateApiToken();
  let review: ServiceApp;
  let bus: InProcessBus;
  const publish = (context: string, e: RecordedEvent) => bus.publish(topicOf(context), [{ key: e.metadata.incidentId!, event: e }]);

  /** An incident whose detection, triage and acknowledgement review has recorded. */
  async function incident(): Promise<{ incidentId: string; acknowledged: RecordedEvent }> {
    const incidentId = newId();
    const acknowledged = event(incidentId, 'coordination', 'IncidentAcknowledged', { by: 'alice' }, 4, 5, 'user:alice');
    await publish('detection', event(incidentId, 'detection', 'IncidentDetected', {
      title: 'Checkout errors, "5xx", 40%', severity: 'critical', source: 'prometheus', labels: {}, alertId: newId(), fingerprint: 'fp', firstSignalAt: at(0),
    }, 0, 1));
    await publish('triage', event(incidentId, 'triage', 'IncidentTriaged', {
      priority: 'P1', impact: 1, urgency: 1, matrix: { id: 'default', version: 1 }, route: { team: 'payments', ruleId: 'r', ruleVersion: 1 }, title: 'Checkout errors', rationale: [],
    }, 2, 3));
    await publish('coordination', acknowledged);
    await eventually('three entries on the timeline', async () => ((await timeline(incidentId)).body.entries?.length === 3 ? true : undefined));
    return { incidentId, acknowledged };
  }
  const timeline = (incidentId: string, query: Record<string, string | string[]> = {}, suffix = '') =>
    review.httpAs(viewer).get(`/review/incidents/${incidentId}/timeline${suffix}`).query(query);

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, apiTokens: { [viewer]: { roles: ['viewer'] }, [responder]: { roles: ['responder'] } } });
    ({ bus } = review);
  });

  afterAll(() => review.close());

  it('shows when each entry happened at its source beside when it was recorded (`at` kept as the record time)', async () => {
    const { incidentId, acknowledged } = await incident();
    const { entries } = (await timeline(incidentId).expect(200)).body as { entries: Entry[] };
    expect(entries.map((e) => [e.type, e.occurredAt, e.recordedAt, e.at])).toEqual([
      ['IncidentDetected', at(0), at(1), at(1)],
      ['IncidentTriaged', at(2), at(3), at(3)],
      ['IncidentAcknowledged', at(4), at(5), at(5)],
    ]);
    expect(entries[2]).toMatchObject({ context: 'coordination', actor: 'user:alice', eventId: acknowledged.id });
  });

  it('filters by context and type, each repeatable or comma-separated, with `at`; an unknown context is a 400 naming `context`', async () => {
    const { incidentId } = await incident();
    const types = async (query: Record<string, string | string[]>) => ((await timeline(incidentId, query).expect(200)).body.entries as Entry[]).map((e) => e.type);
    expect(await types({ context: 'triage' })).toEqual(['IncidentTriaged']);
    expect(await types({ context: ['triage', 'coordination'] })).toEqual(['IncidentTriaged', 'IncidentAcknowledged']);
    expect(await types({ context: 'detection,coordination' })).toEqual(['IncidentDetected', 'IncidentAcknowledged']);
    expect(await types({ type: 'IncidentDetected,IncidentAcknowledged' })).toEqual(['IncidentDetected', 'IncidentAcknowledged']);
    expect(await types({ context: 'coordination', type: 'IncidentDetected' })).toEqual([]);
    const then = (await timeline(incidentId, { context: 'coordination', at: at(4) }).expect(200)).body;
    // The state folds every entry known then; the filter only chooses which are listed.
    expect(then.state).toMatchObject({ status: 'triaged', priority: 'P1' });
    expect(then.entries).toEqual([]);

    const bad = await timeline(incidentId, { context: 'detection,billing' }).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'context' })]);
    expect((await timeline(incidentId, { type: 'drop table' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'type' })]);
  });

  it('refuses a `type` that is no event type name (a misspelling), on the JSON and every export, listing valid names; takes every known one', async () => {
    const { incidentId } = await incident();
    for (const suffix of ['', '.csv', '.md', '.html']) {
      const bad = await timeline(incidentId, { type: 'IncidentDetected,Incidentacknowledged' }, suffix).expect(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body.errors).toEqual([{ field: 'type', reason: expect.stringContaining('"Incidentacknowledged"') }]);
      expect(bad.body.errors[0].reason).toContain('IncidentAcknowledged');
    }
    // Published types, review's own, the changes shown before an incident and durable timers' (they travel with coordination's streams).
    for (const type of ['IncidentResolved', 'TimelineNoteAdded', 'TimelineNoteCorrected', 'ChangeRecorded', 'TimerScheduled']) {
      await timeline(incidentId, { type }).expect(200);
    }
  });

  it('records a person’s note, decision or annotation as a review entry by its author; a correction is an entry of its own and the note reads corrected', async () => {
    const { incidentId, acknowledged } = await incident();
    const created = await review.httpAs(responder).post(`/review/incidents/${incidentId}/notes`).send({ text: 'Roll back, do not fix forward', kind: 'decision', about: acknowledged.id }).expect(201);
    const { noteId } = created.body;
    expect(created.body).toEqual({ incidentId, noteId: expect.any(String), kind: 'decision', text: 'Roll back, do not fix forward', about: acknowledged.id });
    await review.httpAs(responder).post(`/review/incidents/${incidentId}/notes`).send({ text: 'Customers on EU only' }).expect(201);

    const corrected = await review.httpAs(responder).post(`/review/incidents/${incidentId}/notes/${noteId}/corrections`).send({ text: 'Roll back release 42' }).expect(201);
    const { entries } = (await timeline(incidentId, { context: 'review' }).expect(200)).body as { entries: Entry[] };
    expect(entries.map((e) => [e.type, e.summary])).toEqual([
      ['TimelineNoteAdded', 'Decision about IncidentAcknowledged: Roll back release 42 (corrected)'],
      ['TimelineNoteAdded', 'Note: Customers on EU only'],
      ['TimelineNoteCorrected', 'Note corrected: Roll back release 42 (was: Roll back, do not fix forward)'],
    ]);
    expect(entries[0]).toMatchObject({ context: 'review', eventId: noteId, actor: 'token:test-token-2' });
    expect(entries[0].note).toEqual({ noteId, kind: 'decision', text: 'Roll back release 42', about: acknowledged.id, correctedAt: entries[2].occurredAt });
    expect(entries[1].note).toMatchObject({ kind: 'note', about: null, correctedAt: null });
    expect(entries[2]).toMatchObject({ eventId: corrected.body.correctionId, correctionOf: noteId });

    // The note as written stays: both events are in the stream.
    const stored = await review.store.readStream(`timeline-${incidentId}`);
    expect(stored.filter((e) => e.type.startsWith('TimelineNote')).map((e) => [e.type, (e.data as { text: string }).text])).toEqual([
      ['TimelineNoteAdded', 'Roll back, do not fix forward'],
      ['TimelineNoteAdded', 'Customers on EU only'],
      ['TimelineNoteCorrected', 'Roll back release 42'],
    ]);
  });

  it('answers 404 for an unknown incident, 409 unknown_reference naming `about`, 409 for a correction of a fact, 400 for a blank text, 403 for a viewer', async () => {
    const { incidentId, acknowledged } = await incident();
    const notes = `/review/incidents/${incidentId}/notes`;
    await review.httpAs(responder).post(`/review/incidents/${newId()}/notes`).send({ text: 'x' }).expect(404);
    const unknown = await review.httpAs(responder).post(notes).send({ text: 'x', about: newId() }).expect(409);
    expect(unknown.body).toMatchObject({ code: 'unknown_reference', errors: [expect.objectContaining({ field: 'about' })] });
    expect((await review.httpAs(responder).post(`${notes}/${acknowledged.id}/corrections`).send({ text: 'x' }).expect(409)).body.code).toBe('not_a_note');
    await review.httpAs(responder).post(`${notes}/${newId()}/corrections`).send({ text: 'x' }).expect(404);
    expect((await review.httpAs(responder).post(notes).send({ text: '   ' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'text' })]);
    expect((await review.httpAs(responder).post(notes).send({ text: 'x', kind: 'rumour' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    const refused = await review.httpAs(viewer).post(notes).send({ text: 'x' }).expect(403);
    expect(refused.body.code).toBe('insufficient_role');
    await review.httpAs(null).post(notes).send({ text: 'x' }).expect(401);
  });

  it('exports the timeline as RFC 4180 CSV that parses back, commas, quotes and line breaks included, and as a Markdown table with pipes escaped', async () => {
    const { incidentId } = await incident();
    const text = 'Decided: roll back, "not" fix | forward\nsecond line';
    const { noteId } = (await review.httpAs(responder).post(`/review/incidents/${incidentId}/notes`).send({ text }).expect(201)).body;

    const csv = await timeline(incidentId, {}, '.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('occurredAt,recordedAt,context,type,actor,summary,eventId');
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.type)).toEqual(['IncidentDetected', 'IncidentTriaged', 'IncidentAcknowledged', 'TimelineNoteAdded']);
    expect(rows[0]).toMatchObject({ occurredAt: at(0), recordedAt: at(1), context: 'detection', summary: 'Incident detected (critical): Checkout errors, "5xx", 40%' });
    expect(rows[3]).toMatchObject({ context: 'review', summary: `Note: ${text}`, eventId: noteId });
    expect(csv.text).toContain('"Incident detected (critical): Checkout errors, ""5xx"", 40%"');

    const filtered = parse((await timeline(incidentId, { context: 'review', type: 'TimelineNoteAdded' }, '.csv').expect(200)).text, { columns: true }) as unknown[];
    expect(filtered).toHaveLength(1);

    const md = await timeline(incidentId, {}, '.md').expect(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    const lines = md.text.trimEnd().split('\n');
    expect(lines[0]).toBe(`# Timeline of incident ${incidentId}`);
    expect(lines[2]).toBe('| occurredAt | recordedAt | context | type | actor | summary | eventId |');
    expect(lines).toHaveLength(2 + 2 + 4);
    expect(lines[7]).toContain('| Note: Decided: roll back, "not" fix \\| forward<br>second line |');
    // Every row has the header's seven cells: no unescaped pipe split one.
    for (const line of lines.slice(2)) expect(line.split(/(?<!\\)\|/).length - 2).toBe(7);

    await review.httpAs(viewer).get(`/review/incidents/${newId()}/timeline.csv`).expect(404);
    expect((await timeline(incidentId, { context: 'billing' }, '.md').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'context' })]);
  });

  it('documents the exports with their content types in OpenAPI', async () => {
    const { body } = await review.http().get('/openapi.json').expect(200);
    expect(Object.keys(body.paths['/review/incidents/{id}/timeline.csv'].get.responses['200'].content)).toEqual(['text/csv']);
    expect(Object.keys(body.paths['/review/incidents/{id}/timeline.md'].get.responses['200'].content)).toEqual(['text/markdown']);
    expect(body.paths['/review/incidents/{id}/notes'].post).toBeDefined();
  });
});
