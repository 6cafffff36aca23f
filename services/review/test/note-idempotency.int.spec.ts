import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiToken } from '@linchpin/platform';
import { RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { eventually } from '@linchpin/testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';

/*
 * A note retried with the same Idempotency-Key after the process died (its replay cache went with it) records nothing
 * new: its id derives from the key, as an action item's does, and the timeline holds an id once. The same for a correction.
 */

const detected = (incidentId: string): RecordedEvent => ({
  id: newId(),
  type: 'IncidentDetected',
  schemaVersion: 1,
  data: { incidentId, title: 'Checkout errors', severity: 'critical', source: 'prometheus', labels: {}, alertId: newId(), fingerprint: 'fp', firstSignalAt: '2026-02-01T09:59:00.000Z' },
  metadata: { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:detection', occurredAt: '2026-02-01T10:00:00.000Z' },
  streamId: `incident-${incidentId}`,
  revision: 0,
  position: 1,
  recordedAt: '2026-02-01T10:00:01.000Z',
});

describe('a note retried with the same Idempotency-Key across a restart (one SQLite file, two app instances)', () => {
  const responder = generateApiToken();
  let dir: string;
  const start = (): Promise<ServiceApp> =>
    startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, sqlitePath: join(dir, 'events.db'), apiTokens: { [responder]: { roles: ['responder'] } } });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'review-note-retry-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores one note and one correction, answering the same ids; another key is another note', async () => {
    const incidentId = newId();
    const notes = `/review/incidents/${incidentId}/notes`;
    const first = await start();
    let noteId: string;
    let correctionId: string;
    try {
      await first.bus.publish(topicOf('detection'), [{ key: incidentId, event: detected(incidentId) }]);
      await eventually('review knows the incident', async () => ((await first.http().get(`/review/incidents/${incidentId}/timeline`)).status === 200 ? true : undefined));
      ({ noteId } = (await first.httpAs(responder).post(notes).set('Idempotency-Key', 'note-1').send({ text: 'Rolling back' }).expect(201)).body);
      ({ correctionId } = (await first.httpAs(responder).post(`${notes}/${noteId}/corrections`).set('Idempotency-Key', 'fix-1').send({ text: 'Rolled back' }).expect(201)).body);
    } finally {
      // The process goes, and its Idempotency-Key cache with it.
      await first.close();
    }

    const second = await start();
    try {
      const again = await second.httpAs(responder).post(notes).set('Idempotency-Key', 'note-1').send({ text: 'Rolling back' }).expect(201);
      expect(again.body).toMatchObject({ incidentId, noteId, text: 'Rolling back' });
      const correctedAgain = await second.httpAs(responder).post(`${notes}/${noteId}/corrections`).set('Idempotency-Key', 'fix-1').send({ text: 'Rolled back' }).expect(201);
      expect(correctedAgain.body).toMatchObject({ noteId, correctionId });

      const stored = await second.store.readStream(`timeline-${incidentId}`);
      expect(stored.filter((e) => e.type === 'TimelineNoteAdded').map((e) => e.id)).toEqual([noteId]);
      expect(stored.filter((e) => e.type === 'TimelineNoteCorrected').map((e) => e.id)).toEqual([correctionId]);

      const other = await second.httpAs(responder).post(notes).set('Idempotency-Key', 'note-2').send({ text: 'Rolling back' }).expect(201);
      expect(other.body.noteId).not.toBe(noteId);
    } finally {
      await second.close();
    }
  });
});
