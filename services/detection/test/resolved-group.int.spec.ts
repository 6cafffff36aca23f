import { IncidentResolvedV1 } from '@linchpin/contracts';
import { newId, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { eventually } from '@linchpin/testing';
import { AlertEventsReactor } from '../src/application/alert-events.reactor';
import { alertStream } from '../src/domain/streams';
import { createIntegration, DetectionApp, incidentEvent, startDetection } from './support/detection-app';

/*
 * An incident resolved by hand closes its alerts at once (their own streams), but the incident's
 * stream hears of the closing later, through the bus. An Alertmanager re-send in between, grouped by
 * its groupKey, used to join the resolved incident and page nobody (a CI run caught it). Here the
 * incident's stream is held back for good, as a slow bus would, so the race is decided every time.
 */
describe('a re-send grouped with an incident just resolved by hand (SQLite store, in-process bus)', () => {
  let detection: DetectionApp;
  beforeAll(async () => {
    detection = await startDetection();
  });
  afterAll(() => detection?.close());

  const notification = {
    version: '4',
    status: 'firing',
    receiver: 'linchpin',
    groupKey: '{}:{alertname="HighErrorRate", service="checkout"}',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' },
        annotations: { summary: 'Checkout error rate above 5%' },
        startsAt: '2026-11-26T18:03:02.032Z',
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: '2f37b53748985404',
      },
    ],
  };

  it('opens a new incident, even while the resolved incident`s stream still counts the alert as firing', async () => {
    const { key } = await createIntegration(detection, { name: 'Prometheus', kind: 'alertmanager', service: 'checkout' });
    const send = async () => (await detection.http().post(`/detection/integrations/alertmanager/${key}`).send(notification).expect(202)).body.results[0];
    const first = await send();
    expect(first.outcome).toBe('opened');
    await incidentEvent(detection, first.incidentId, 'AlertJoinedIncident');

    await detection.app.get(AlertEventsReactor).onApplicationShutdown();
    const resolved = IncidentResolvedV1.create(
      newId(),
      { incidentId: first.incidentId, by: 'user:alice', resolution: 'rolled back' },
      { incidentId: first.incidentId, correlationId: first.incidentId, causationId: newId(), actor: 'user:alice', occurredAt: new Date().toISOString() },
    );
    const published: RecordedEvent = { ...resolved, streamId: `response-${first.incidentId}`, revision: 3, position: 1, recordedAt: resolved.metadata.occurredAt };
    await detection.bus.publish(topicOf('coordination'), [{ key: first.incidentId, event: published }]);
    await eventually('the alert closed on its own stream', async () => ((await detection.store.readStream(alertStream(first.fingerprint))).some((e) => e.type === 'AlertClosed') ? true : undefined));
    // The race this test pins: the incident's stream has not heard of the closing.
    expect((await detection.incidentEvents(first.incidentId)).map((e) => e.type)).not.toContain('IncidentAlertResolved');

    const resent = await send();
    expect(resent).toMatchObject({ outcome: 'opened' });
    expect(resent.incidentId).not.toBe(first.incidentId);
  });
});
