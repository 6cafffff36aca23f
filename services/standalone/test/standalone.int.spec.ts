import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { asAdmin } from '@linchpin/testing';
import { InProcessBus, MESSAGE_BUS, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

describe('standalone: the five services in one process', () => {
  let app: INestApplication;
  let embedded: EmbeddedApp;

  beforeAll(async () => {
    embedded = await startEmbedded('standalone');
    app = embedded.app;
  });

  afterAll(async () => {
    await embedded?.close();
  });

  it('serves every service’s routes in one OpenAPI document', async () => {
    const { body } = await asAdmin(app.getHttpServer()).get('/openapi.json').expect(200);
    const paths = Object.keys(body.paths);
    for (const prefix of ['/detection/', '/triage/', '/coordination/', '/comms/', '/review/', '/health/']) {
      expect(paths.some((p) => p.startsWith(prefix))).toBe(true);
    }
    expect(body.info.title).toBe('Linchpin');
  });

  it('is ready on the embedded store and the in-process bus', async () => {
    await asAdmin(app.getHttpServer()).get('/health/ready').expect(200);
  });

  it('dead-letters in every consuming group an IncidentDetected that breaks its contract, and stores nothing from it', async () => {
    const bus = app.get<InProcessBus>(MESSAGE_BUS);
    const detected = (incidentId: string, data: Record<string, unknown>, schemaVersion = 1): PublishedEvent => ({
      id: randomUUID(),
      type: 'IncidentDetected',
      schemaVersion,
      data,
      metadata: { incidentId, correlationId: incidentId, causationId: randomUUID(), actor: 'system:detection', occurredAt: new Date().toISOString() },
      streamId: `detection-${incidentId}`,
      revision: 0,
      position: 1,
      recordedAt: new Date().toISOString(),
    });
    const valid = (incidentId: string) => ({
      incidentId,
      title: 'Checkout errors',
      severity: 'critical',
      source: 'prometheus',
      labels: {},
      alertId: randomUUID(),
      fingerprint: randomUUID(),
      firstSignalAt: new Date().toISOString(),
    });
    const [empty, wrongVersion, wrongType, ok] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const events = [
      detected(empty, {}),
      detected(wrongVersion, valid(wrongVersion), 7),
      detected(wrongType, { ...valid(wrongType), severity: 42 }),
      detected(ok, valid(ok)),
    ];
    // Resolves once every group has handled or dead-lettered each message.
    await bus.publish(topicOf('detection'), events.map((event) => ({ key: event.metadata.incidentId!, event })));

    for (const id of [empty, wrongVersion, wrongType]) {
      await asAdmin(app.getHttpServer()).get(`/triage/incidents/${id}`).expect(404);
      await asAdmin(app.getHttpServer()).get(`/review/incidents/${id}/timeline`).expect(404);
    }
    await asAdmin(app.getHttpServer()).get(`/triage/incidents/${ok}`).expect(200);
    await asAdmin(app.getHttpServer()).get(`/review/incidents/${ok}/timeline`).expect(200);

    const reasons = (group: string, index: number) =>
      bus.deadLetters.filter((l) => l.group === group && l.event.id === events[index].id).map((l) => [l.attempts, l.reason]);
    for (const group of ['triage', 'review']) {
      expect(reasons(group, 0)).toEqual([[1, expect.stringMatching(/\/data\/incidentId: /)]]);
      expect(reasons(group, 1)).toEqual([[1, expect.stringMatching(/schemaVersion 7 is not in the catalogue/)]]);
      expect(reasons(group, 2)).toEqual([[1, expect.stringMatching(/\/data\/severity: /)]]);
      expect(reasons(group, 3)).toEqual([]);
    }
  });
});
