import { RecordedEvent } from '@linchpin/eventsourcing';
import { TimelineEntryRecordedEvent, upcast } from '@linchpin/contracts';
import { entryOf, ordered } from '../domain/timeline';
import { incidentFacts } from '../domain/analytics/incident-facts';
import { ReviewServiceNoted } from '../domain/catalog/catalog.decider';
import { REVIEW_SERVICE_STREAM_PREFIX, TIMELINE_STREAM_PREFIX } from '../domain/streams';
import { ReadModel, ReadModelDb } from './read-model.port';

export const ANALYTICS_READ_MODEL = 'analytics';

/**
 * Cross-incident analytics (issue 16): one row per incident with its per-incident metrics (`incidentMetrics`, the fold
 * `GET /review/incidents/{id}/metrics` answers with) and its service, team and priority; its alerts by source; its pages
 * by person; and review's copy of the service catalog. An incident's rows are folded again from all its entries once
 * per catch-up that brought new ones (entries are ordered by their record time, not by arrival), so they are exactly
 * what its timeline says; `analytics_changed` keeps the incidents still to fold, so a catch-up that stopped halfway
 * is finished by the next.
 */
export const analyticsReadModel: ReadModel = {
  name: ANALYTICS_READ_MODEL,
  // 2 (issue 17): an entry keeps its data and schema version only (the fold reads nothing else), not the whole event.
  version: 2,
  streamPrefixes: [TIMELINE_STREAM_PREFIX, REVIEW_SERVICE_STREAM_PREFIX],
  tables: ['analytics_entries', 'analytics_changed', 'analytics_incidents', 'analytics_alerts', 'analytics_pages', 'analytics_services'],
  schema: [
    // The incident's TimelineEntryRecorded events as stored, less what the fold never reads (ids, metadata): its input.
    'CREATE TABLE IF NOT EXISTS analytics_entries (position INTEGER PRIMARY KEY, incident_id TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL)',
    'CREATE INDEX IF NOT EXISTS analytics_entries_incident ON analytics_entries (incident_id, position)',
    // The incidents a catch-up touched: folded again once, at its end (same transaction as its last page).
    'CREATE TABLE IF NOT EXISTS analytics_changed (incident_id TEXT PRIMARY KEY)',
    `CREATE TABLE IF NOT EXISTS analytics_incidents (incident_id TEXT PRIMARY KEY, detected_at TEXT, service TEXT, team TEXT, priority TEXT,
      time_to_detect INTEGER, time_to_acknowledge INTEGER, time_to_mitigate INTEGER, time_to_resolve INTEGER, metrics TEXT NOT NULL)`,
    'CREATE INDEX IF NOT EXISTS analytics_incidents_detected ON analytics_incidents (detected_at)',
    'CREATE TABLE IF NOT EXISTS analytics_alerts (incident_id TEXT NOT NULL, alert_id TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (incident_id, alert_id))',
    'CREATE TABLE IF NOT EXISTS analytics_pages (incident_id TEXT NOT NULL, page_id TEXT NOT NULL, person_id TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (incident_id, page_id))',
    'CREATE TABLE IF NOT EXISTS analytics_services (name TEXT PRIMARY KEY, owning_team TEXT, business_hours TEXT, depends_on TEXT NOT NULL, retired INTEGER NOT NULL)',
  ],
  apply(db, event) {
    if (event.type === 'TimelineEntryRecorded') {
      const { incidentId, sourceType } = event.data as { incidentId: string; sourceType: string };
      // Neither fold reads a batch of repeats, and a storm brings one per batch: refolding the incident for each
      // made a storm's cost grow with the incident's length.
      if (sourceType === 'AlertDeduplicated') return;
      // Not the whole event: its metadata is then never decoded (the store parses it on first read only), and a copy of
      // every entry was most of what a rebuild wrote.
      db.run('INSERT INTO analytics_entries (position, incident_id, schema_version, data) VALUES (?, ?, ?, ?)', event.position, incidentId, event.schemaVersion, JSON.stringify(event.data));
      db.run('INSERT OR IGNORE INTO analytics_changed (incident_id) VALUES (?)', incidentId);
      return;
    }
    if (ReviewServiceNoted.is(event)) {
      const { name, fact } = event.data;
      if (fact.kind === 'retired') {
        // Its past incidents were still in its hours: a retired service keeps the last it had.
        db.run(`INSERT INTO analytics_services (name, depends_on, retired) VALUES (?, '[]', 1) ON CONFLICT(name) DO UPDATE SET retired = 1`, name);
        return;
      }
      db.run(
        `INSERT INTO analytics_services (name, owning_team, business_hours, depends_on, retired) VALUES (?, ?, ?, ?, 0)
         ON CONFLICT(name) DO UPDATE SET owning_team = excluded.owning_team, business_hours = excluded.business_hours, depends_on = excluded.depends_on, retired = 0`,
        name,
        fact.owningTeam,
        fact.businessHours ? JSON.stringify(fact.businessHours) : null,
        JSON.stringify(fact.dependsOn),
      );
    }
  },
  afterCatchUp(db) {
    for (const { incident_id } of db.all<{ incident_id: string }>('SELECT incident_id FROM analytics_changed')) foldIncident(db, incident_id);
    db.run('DELETE FROM analytics_changed');
  },
};

function foldIncident(db: ReadModelDb, incidentId: string): void {
  const stored = db.all<{ schema_version: number; data: string }>('SELECT schema_version, data FROM analytics_entries WHERE incident_id = ? ORDER BY position', incidentId);
  // The same entries, raised the same way, as the metrics query reads from the timeline stream (entriesOf of
  // TimelineEntryRecorded events is entryOf of each, raised, in timeline order).
  const entries = stored.map((row) =>
    entryOf(upcast({ type: 'TimelineEntryRecorded', schemaVersion: row.schema_version, data: JSON.parse(row.data) } as RecordedEvent) as unknown as TimelineEntryRecordedEvent),
  );
  const facts = incidentFacts(ordered(entries));
  const { metrics } = facts;
  for (const table of ['analytics_incidents', 'analytics_alerts', 'analytics_pages']) db.run(`DELETE FROM ${table} WHERE incident_id = ?`, incidentId);
  db.run(
    'INSERT INTO analytics_incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    incidentId,
    metrics.moments.detectedAt,
    facts.service,
    facts.team,
    facts.priority,
    metrics.timeToDetect,
    metrics.timeToAcknowledge,
    metrics.timeToMitigate,
    metrics.timeToResolve,
    JSON.stringify(metrics),
  );
  for (const alert of facts.alerts) db.run('INSERT OR IGNORE INTO analytics_alerts VALUES (?, ?, ?)', incidentId, alert.alertId, alert.source);
  for (const page of facts.pages) db.run('INSERT OR IGNORE INTO analytics_pages VALUES (?, ?, ?, ?)', incidentId, page.pageId, page.personId, page.at);
}
