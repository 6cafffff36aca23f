import { DynamicModule, INestApplication, Module, Type } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMS_SERVICE, CommsModule } from '@linchpin/comms';
import { COORDINATION_SERVICE, CoordinationModule } from '@linchpin/coordination';
import { DETECTION_SERVICE, DetectionModule } from '@linchpin/detection';
import { createApp, initApp, InfrastructureModule, ServiceDefinition } from '@linchpin/platform';
import { asAdmin, eventually, TEST_ADMIN_TOKEN, WebhookReceiver } from '@linchpin/testing';
import { TRIAGE_SERVICE, TriageModule } from '@linchpin/triage';
import { alertToPage, expectOneTraceFromAlertToPage, LogLines, traceInMemory } from './support/trace-of-a-page';

/**
 * Issue 19: one trace follows an alert to the delivered page across Kafka: detection, triage, coordination and comms
 * as their own processes would run them (each its own SQLite file and Kafka clients), in this test process so one
 * in-memory exporter sees every span, on the real broker (KAFKA_BROKERS) under a topic prefix of this run's own.
 * Review is left out: it consumes every topic but is on no hop of a page.
 */
const brokers = process.env.KAFKA_BROKERS;
if (!brokers) console.warn('tracing over Kafka skipped: KAFKA_BROKERS is not set (scripts/test.sh sets it)');

const exporter = traceInMemory();

(brokers ? describe : describe.skip)('over Kafka: one trace from an alert to its page', () => {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-tracing-kafka-'));
  const prefix = `tracing-${Date.now().toString(36)}-${process.pid}.`;
  const receiver = new WebhookReceiver();
  const logs = new LogLines();
  const apps: INestApplication[] = [];

  /** One service as its own process runs it, its log lines kept. */
  async function start(feature: Type<unknown> | DynamicModule, service: ServiceDefinition): Promise<INestApplication> {
    Object.assign(process.env, {
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      SQLITE_PATH: join(dir, `${service.name}.db`),
      LINCHPIN_DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      LINCHPIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8',
    });
    delete process.env.EVENTSTORE_URL;
    delete process.env.POSTGRES_URL;
    @Module({ imports: [InfrastructureModule.forRoot({ service, logDestination: logs }), feature] })
    class ServiceRoot {}
    const app = await initApp(await createApp(ServiceRoot, service));
    apps.push(app);
    return app;
  }

  const ready = (app: INestApplication, name: string) =>
    eventually(`${name} ready (its groups joined and caught up)`, async () => ((await asAdmin(app.getHttpServer()).get('/health/ready')).status === 200 ? true : undefined), 120_000);

  afterAll(async () => {
    for (const app of [...apps].reverse()) await app.close();
    await receiver.stop();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the page carries the alert request’s trace; every hop is a publish and a consume span of it, over Kafka', async () => {
    const receiverUrl = await receiver.start();
    const detection = await start(DetectionModule, DETECTION_SERVICE);
    const triage = await start(TriageModule, TRIAGE_SERVICE);
    const coordination = await start(CoordinationModule, COORDINATION_SERVICE);
    const comms = await start(CommsModule, COMMS_SERVICE);
    await Promise.all([ready(detection, 'detection'), ready(triage, 'triage'), ready(coordination, 'coordination'), ready(comms, 'comms')]);

    const { page } = await alertToPage(exporter, { coordination: coordination.getHttpServer(), detection: detection.getHttpServer() }, receiver, receiverUrl);
    const chain = await expectOneTraceFromAlertToPage(exporter, page, 'kafka');
    // Each consume span's parent is the publish span whose context the record's traceparent header carried.
    for (let i = 2; i < chain.length - 1; i += 2) expect(chain[i].parentSpanContext).toMatchObject({ spanId: chain[i - 1].spanContext().spanId, isRemote: true });
  }, 300_000);
});
