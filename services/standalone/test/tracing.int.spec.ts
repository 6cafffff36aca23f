import { INestApplication, Module } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommsModule } from '@linchpin/comms';
import { CoordinationModule } from '@linchpin/coordination';
import { DetectionModule } from '@linchpin/detection';
import { createApp, initApp, InfrastructureModule } from '@linchpin/platform';
import { ReviewModule } from '@linchpin/review';
import { TEST_ADMIN_TOKEN, WebhookReceiver } from '@linchpin/testing';
import { TriageModule } from '@linchpin/triage';
import { STANDALONE_SERVICE } from '../src/service';
import { alertToPage, expectOneTraceFromAlertToPage, LogLines, traceInMemory } from './support/trace-of-a-page';

/**
 * Issue 19: one trace follows an alert to the delivered page in the standalone process (the in-process bus), with
 * the OpenTelemetry SDK's in-memory exporter; and the JSON log lines name the request, the incident and the trace.
 * tracing.kafka.int.spec.ts follows the same alert over Kafka.
 */
jest.setTimeout(120_000);

const exporter = traceInMemory();
const logs = new LogLines();

@Module({
  imports: [InfrastructureModule.forRoot({ service: STANDALONE_SERVICE, logDestination: logs }), DetectionModule, TriageModule, CoordinationModule, CommsModule, ReviewModule],
})
class TracedStandaloneModule {}

describe('standalone: one trace from an alert to its page, and the ids on log lines', () => {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-tracing-'));
  const receiver = new WebhookReceiver();
  let receiverUrl: string;
  let app: INestApplication;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    delete process.env.EVENTSTORE_URL;
    delete process.env.POSTGRES_URL;
    Object.assign(process.env, {
      KAFKA_BROKERS: '',
      SQLITE_PATH: join(dir, 'linchpin.db'),
      REVIEW_READ_MODELS_PATH: join(dir, 'review-read-models.sqlite'),
      LINCHPIN_DATA_DIR: dir,
      LOG_LEVEL: 'info',
      LINCHPIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8',
    });
    app = await initApp(await createApp(TracedStandaloneModule, STANDALONE_SERVICE));
    // Nest holds its log lines until `listen` (bufferLogs): this app is served without listening.
    app.flushLogs();
  });

  afterAll(async () => {
    await app?.close();
    await receiver.stop();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the page carries the alert request’s trace, through every hop; reactors log the incident, requests their id', async () => {
    const server = app.getHttpServer();
    const { incidentId, requestId, page } = await alertToPage(exporter, { coordination: server, detection: server }, receiver, receiverUrl);
    const chain = await expectOneTraceFromAlertToPage(exporter, page, 'in-process');
    const traceId = chain[0].spanContext().traceId;

    // The request's access line: its id as the client gave it, and its trace.
    const access = logs.lines.find((l) => l.requestId === requestId && l.msg === 'request completed');
    expect(access).toMatchObject({ requestId, req: { id: requestId, method: 'POST', url: '/detection/alerts' }, traceId, spanId: chain[0].spanContext().spanId });
    // Each id once per line: pino writes a key bound twice twice, and log stores then keep either.
    for (const line of logs.raw.filter((l) => l.includes(requestId))) {
      for (const key of ['requestId', 'traceId', 'spanId']) expect({ line, count: line.split(`"${key}":`).length - 1 }).toEqual({ line, count: line.includes(`"${key}":`) ? 1 : 0 });
    }
    // Coordination's reactor says whom it paged, in the consumer span of triage's decision.
    const paged = logs.lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith(`ResponderPaged for incident ${incidentId}`));
    const consumer = chain.find((s) => s.attributes['messaging.consumer.group.name'] === 'coordination')!;
    expect(paged).toMatchObject({ incidentId, correlationId: incidentId, consumerGroup: 'coordination', eventType: 'IncidentTriaged', traceId, spanId: consumer.spanContext().spanId });
  });
});
