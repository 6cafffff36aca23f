import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, EventStore, RecordedEvent } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';
import { READ_MODELS, ReadModel } from '../src/read-models/read-model.port';
import { ReviewReadModels } from '../src/read-models/review-read-models';
import { REVIEW_READ_MODELS } from '../src/read-models/review-read-model-list';
import { analyticsReadModel } from '../src/read-models/analytics.read-model';
import { ReadModelProjector } from '../src/read-models/read-model-projector';
import { SqliteReadModelStore } from '../src/read-models/sqlite-read-model-store';
import { TIMELINE_STREAM_PREFIX } from '../src/domain/streams';
import { eventTimeOf } from '../src/domain/event-time';
import { entryOf } from '../src/domain/timeline';
import { TimelineEntryRecordedEvent } from '@linchpin/contracts';
import { HistoryIncident, PLANS, recordHistory } from './support/recorded-history';
import { rowsOf } from './support/read-model-rows';

/*
 * Issue 16, items 6 and 7: review's read models are persisted and rebuilt by replaying review's own events. A metric
 * added after the history was recorded is computed over all of it; a rebuild yields exactly the rows live processing did.
 */

/** A metric nobody thought of when the incidents happened: seconds from detection to the first page. */
const timeToFirstPage: ReadModel = {
  name: 'time-to-first-page',
  version: 1,
  streamPrefixes: [TIMELINE_STREAM_PREFIX],
  tables: ['first_pages'],
  schema: ['CREATE TABLE IF NOT EXISTS first_pages (incident_id TEXT PRIMARY KEY, detected_at TEXT, first_page_at TEXT)'],
  apply(db, event: RecordedEvent) {
    if (event.type !== 'TimelineEntryRecorded') return;
    const entry = entryOf(upcast(event) as unknown as TimelineEntryRecordedEvent);
    const incidentId = (event.data as { incidentId: string }).incidentId;
    db.run('INSERT OR IGNORE INTO first_pages (incident_id) VALUES (?)', incidentId);
    if (entry.type === 'IncidentDetected') db.run('UPDATE first_pages SET detected_at = ? WHERE incident_id = ?', eventTimeOf(entry), incidentId);
    if (entry.type === 'ResponderPaged') db.run('UPDATE first_pages SET first_page_at = min(coalesce(first_page_at, ?), ?) WHERE incident_id = ?', eventTimeOf(entry), eventTimeOf(entry), incidentId);
  },
};

describe('review read models (SQLite files, in-process bus)', () => {
  let dir: string;
  let review: ServiceApp | undefined;
  let incidents: HistoryIncident[];

  const start = (models: readonly ReadModel[] = REVIEW_READ_MODELS) =>
    startServiceApp({
      service: REVIEW_SERVICE,
      module: ReviewModule,
      sqlitePath: join(dir, 'review.db'),
      env: { REVIEW_READ_MODELS_PATH: join(dir, 'read-models.sqlite') },
      overrides: [{ provide: READ_MODELS, useValue: models }],
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-read-models-'));
    review = await start();
    incidents = await recordHistory(review.bus);
    // Live processing: the analytics answer once its model has caught up.
    await review.http().get('/review/analytics/pages').expect(200);
  });

  afterAll(async () => {
    await review?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('computes a metric added after the history was recorded over every past incident, by replay', async () => {
    await review!.close();
    review = await start([...REVIEW_READ_MODELS, timeToFirstPage]);
    const readModels = review.app.get(ReviewReadModels);
    const seconds = (row: { detected_at: string; first_page_at: string }) => (Date.parse(row.first_page_at) - Date.parse(row.detected_at)) / 1000;
    const rows = await readModels.read((db) => db.all<{ incident_id: string; detected_at: string; first_page_at: string }>('SELECT * FROM first_pages'));
    const byIncident = new Map(rows.map((row) => [row.incident_id, seconds(row)]));
    expect(incidents.map((i) => byIncident.get(i.incidentId))).toEqual(PLANS.map((plan) => Math.min(...plan.pages.map((p) => p.at))));

    // Rebuilt, it says the same.
    const before = await readModels.read((db) => rowsOf(db, timeToFirstPage));
    const progress: number[] = [];
    const rebuilt = await readModels.projector.rebuild(timeToFirstPage.name, (p) => progress.push(p.applied));
    expect(rebuilt.applied).toBe(rebuilt.total);
    expect(progress.at(-1)).toBe(rebuilt.total);
    expect(await readModels.read((db) => rowsOf(db, timeToFirstPage))).toEqual(before);
  });

  it('a rebuild yields exactly the rows live processing produced', async () => {
    const readModels = review!.app.get(ReviewReadModels);
    const live = await readModels.read((db) => rowsOf(db, analyticsReadModel));
    expect(live.analytics_incidents).toHaveLength(PLANS.length);
    const rebuilt = await readModels.projector.rebuild(analyticsReadModel.name);
    expect(rebuilt.applied).toBeGreaterThan(0);
    expect(await readModels.read((db) => rowsOf(db, analyticsReadModel))).toEqual(live);
  });

  it('a rebuild read in many small pages (each incident’s entries spread over several) yields the same rows', async () => {
    const readModels = review!.app.get(ReviewReadModels);
    const live = await readModels.read((db) => rowsOf(db, analyticsReadModel));
    const paged = new SqliteReadModelStore(join(dir, 'paged.sqlite'));
    try {
      const progress: number[] = [];
      const rebuilt = await new ReadModelProjector(review!.app.get<EventStore>(EVENT_STORE), paged, REVIEW_READ_MODELS, 3).rebuild(analyticsReadModel.name, (p) => progress.push(p.applied));
      expect(progress.length).toBeGreaterThan(3);
      expect(rebuilt.applied).toBe(rebuilt.total);
      expect(paged.read((db) => rowsOf(db, analyticsReadModel))).toEqual(live);
    } finally {
      paged.close();
    }
  });
});
