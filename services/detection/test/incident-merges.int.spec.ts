import { RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { IncidentMergedV1, IncidentUnmergedV1 } from '@linchpin/contracts';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { DETECTION_SERVICE, DetectionModule } from '../src';
import { alertStream, detectionStream } from '../src/domain/streams';

/*
 * issue 13: detection learns of coordination's merges from the published events (here put on the
 * in-process bus as coordination's relay would): the merged incident's alerts join the survivor, a
 * re-fire deduplicates into the survivor, and an unmerge moves them back. Real HTTP, real SQLite.
 */

let position = 0;
const published = (event: ReturnType<typeof IncidentMergedV1.create> | ReturnType<typeof IncidentUnmergedV1.create>): RecordedEvent => ({
  ...event,
  streamId: `response-${event.data.incidentId}`,
  revision: 10,
  position: ++position,
  recordedAt: event.metadata.occurredAt,
});
const meta = (incidentId: string) => ({ incidentId, correlationId: incidentId, causationId: newId(), actor: 'user:ic', occurredAt: new Date().toISOString() });

describe('detection follows coordination merges (SQLite store, in-process bus)', () => {
  let detection: ServiceApp;
  const http = () => asAdmin(detection.app.getHttpServer());
  const fire = (run: string) =>
    http()
      .post('/detection/alerts')
      .send({ source: 'prometheus', summary: `Checkout errors (${run})`, severity: 'critical', labels: { alertname: 'HighErrorRate', service: 'checkout', run }, startsAt: '2026-01-01T10:00:00Z' })
      .expect(202);
  const types = async (stream: string) => (await detection.store.readStream(stream)).map((e) => e.type);
  const alertsOf = async (incidentId: string) => (await http().get(`/detection/incidents/${incidentId}/alerts`).expect(200)).body.alerts.map((a: { alertId: string }) => a.alertId);
  const coordination = (event: RecordedEvent) => detection.bus.publish(topicOf('coordination'), [{ key: event.metadata.incidentId!, event }]);

  beforeAll(async () => {
    detection = await startServiceApp({ service: DETECTION_SERVICE, module: DetectionModule });
  });

  afterAll(() => detection?.close());

  it('a merge moves the merged incident`s alerts to the survivor (a re-fire deduplicates there); an unmerge moves them back; redelivery moves nothing twice', async () => {
    const merged = (await fire('merged')).body;
    const survivor = (await fire('survivor')).body;
    for (const incidentId of [merged.incidentId, survivor.incidentId]) {
      await eventually('the incident stream', async () => ((await types(detectionStream(incidentId))).includes('AlertJoinedIncident') ? true : undefined));
    }

    const merge = published(IncidentMergedV1.create(newId(), { incidentId: merged.incidentId, into: survivor.incidentId, by: 'user:ic' }, meta(merged.incidentId)));
    await coordination(merge);

    const moved = (await detection.store.readStream(alertStream(merged.fingerprint))).filter((e) => e.type === 'AlertMovedToIncident');
    expect(moved.map((e) => e.data)).toEqual([{ alertId: merged.alertId, fingerprint: merged.fingerprint, incidentId: survivor.incidentId, from: merged.incidentId, reason: 'merged' }]);
    const into = (await detection.store.readStream(detectionStream(survivor.incidentId))).filter((e) => e.type === 'AlertsMovedToIncident');
    expect(into.map((e) => e.data)).toEqual([
      { incidentId: survivor.incidentId, from: merged.incidentId, reason: 'merged', alerts: [expect.objectContaining({ alertId: merged.alertId, firing: true, severity: 'critical' })] },
    ]);
    expect(await types(detectionStream(merged.incidentId))).toContain('AlertsMovedOutOfIncident');
    expect(await alertsOf(survivor.incidentId)).toEqual([survivor.alertId, merged.alertId]);
    // No alert counts toward the merged incident any more: 404, as for any incident without alerts.
    await http().get(`/detection/incidents/${merged.incidentId}/alerts`).expect(404);

    // The merged incident's alert fires again: it deduplicates into the survivor.
    const refire = (await fire('merged')).body;
    expect(refire).toMatchObject({ alertId: merged.alertId, incidentId: survivor.incidentId, deduplicated: true });

    // Redelivered: nothing moves twice.
    const before = [(await types(alertStream(merged.fingerprint))).length, (await types(detectionStream(survivor.incidentId))).length, (await types(detectionStream(merged.incidentId))).length];
    await coordination(merge);
    expect([(await types(alertStream(merged.fingerprint))).length, (await types(detectionStream(survivor.incidentId))).length, (await types(detectionStream(merged.incidentId))).length]).toEqual(before);

    // Undo: the alert goes back to its own incident; the survivor keeps its own alert.
    await coordination(published(IncidentUnmergedV1.create(newId(), { incidentId: merged.incidentId, from: survivor.incidentId, by: 'user:ic' }, meta(merged.incidentId))));
    expect(await alertsOf(merged.incidentId)).toEqual([merged.alertId]);
    expect(await alertsOf(survivor.incidentId)).toEqual([survivor.alertId]);
    const back = (await detection.store.readStream(detectionStream(merged.incidentId))).filter((e) => e.type === 'AlertsMovedToIncident');
    expect(back.map((e) => e.data)).toEqual([expect.objectContaining({ incidentId: merged.incidentId, from: survivor.incidentId, reason: 'unmerged' })]);
    expect((await fire('merged')).body).toMatchObject({ alertId: merged.alertId, incidentId: merged.incidentId, deduplicated: true });

    // When the merged incident's alert resolves at its source, its own incident hears it (all its alerts cleared).
    await http()
      .post('/detection/alerts')
      .send({ source: 'prometheus', summary: 'Checkout errors (merged)', severity: 'critical', labels: { alertname: 'HighErrorRate', service: 'checkout', run: 'merged' }, status: 'resolved', endsAt: '2026-01-01T10:30:00Z', startsAt: '2026-01-01T10:00:00Z' })
      .expect(202);
    await eventually('SignalsCleared on the merged incident', async () => ((await types(detectionStream(merged.incidentId))).includes('SignalsCleared') ? true : undefined));
  });
});
