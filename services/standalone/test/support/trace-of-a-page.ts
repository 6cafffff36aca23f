import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { registerTracing } from '@linchpin/platform';
import { asAdmin, eventually, ReceivedWebhook, WebhookReceiver } from '@linchpin/testing';

/** Bounds each wait on the bus (not a timing assertion). */
const WAIT_MS = 60_000;

/** Every span the processes of this test finish, kept in memory: the OpenTelemetry SDK as a deployment registers it, with the in-memory exporter. */
export function traceInMemory(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  registerTracing('linchpin-test', [new SimpleSpanProcessor({ exporter })]);
  return exporter;
}

/** Log lines as the JSON logger writes them (InfrastructureModule's `logDestination`). */
export class LogLines {
  readonly lines: Array<Record<string, unknown>> = [];
  /** As written: JSON.parse keeps the last of two equal keys, so a key written twice shows only here. */
  readonly raw: string[] = [];
  write(line: string): void {
    this.raw.push(line);
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
}

export interface PageTraced {
  incidentId: string;
  requestId: string;
  page: ReceivedWebhook;
}

type Server = Parameters<typeof asAdmin>[0];

/**
 * A team whose member is paged on the receiver; once comms knows her contact (its `comms.contacts` group handled
 * the team's request, in that request's trace: else the page would wait for the contact and be sent in the team's
 * trace), an alert with an X-Request-Id of the test's own, and the page it leads to.
 */
export async function alertToPage(exporter: InMemorySpanExporter, servers: { coordination: Server; detection: Server }, receiver: WebhookReceiver, receiverUrl: string): Promise<PageTraced> {
  const team = `payments-${Date.now().toString(36)}`;
  const requestId = `trace-test-${Date.now().toString(36)}`;
  const created = await asAdmin(servers.coordination)
    .post('/coordination/teams')
    .set('X-Request-Id', `${requestId}-team`)
    .send({ name: team, members: [{ name: 'alice', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/alice` } }] })
    .expect(201);
  expect(created.headers['x-request-id']).toBe(`${requestId}-team`);
  const teamTrace = serverSpan(exporter, 'POST /coordination/teams').spanContext().traceId;
  await eventually('comms knows alice’s contact', async () =>
    exporter.getFinishedSpans().find((s) => s.spanContext().traceId === teamTrace && s.attributes['messaging.consumer.group.name'] === 'comms.contacts'),
  WAIT_MS);

  const { body } = await asAdmin(servers.detection)
    .post('/detection/alerts')
    .set('X-Request-Id', requestId)
    .send({ source: 'prometheus', summary: 'Checkout error rate above 5%', severity: 'critical', labels: { service: 'checkout', team } })
    .expect(202);
  const incidentId = body.incidentId as string;
  const page = await eventually('the page at the receiver', async () => receiver.on('/alice').find((w) => w.body?.incidentId === incidentId), WAIT_MS);
  return { incidentId, requestId, page };
}

export function serverSpan(exporter: InMemorySpanExporter, name: string): ReadableSpan {
  const spans = exporter.getFinishedSpans().filter((s) => s.name === name && s.kind === SpanKind.SERVER);
  expect(spans).toHaveLength(1);
  return spans[0];
}

/** A span as the assertions name it: its name, and the consumer group of a CONSUMER span. */
const label = (span: ReadableSpan): string => {
  const group = span.attributes['messaging.consumer.group.name'];
  return group ? `${span.name} [${String(group)}]` : span.name;
};

/**
 * The spans from the alert's HTTP span down to the span of the page's delivery, each the parent of the next,
 * found among the exported spans by walking up from the delivery span the receiver's `traceparent` names.
 */
export async function chainOfThePage(exporter: InMemorySpanExporter, page: ReceivedWebhook): Promise<{ traceparent: string; chain: ReadableSpan[] }> {
  const traceparent = String(page.headers.traceparent ?? '');
  const [, traceId, parentId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(traceparent) ?? [];
  expect({ traceparent, valid: traceId !== undefined }).toEqual({ traceparent, valid: true });
  // The delivery span ends once its outcome is stored, a moment after the receiver answered.
  const delivery = await eventually('the delivery span', async () => exporter.getFinishedSpans().find((s) => s.spanContext().spanId === parentId), WAIT_MS);
  const byId = new Map(exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId).map((s) => [s.spanContext().spanId, s]));
  const chain: ReadableSpan[] = [delivery];
  for (let span = delivery; span.parentSpanContext; ) {
    const parent = byId.get(span.parentSpanContext.spanId);
    // A parent missing from the exported spans breaks the chain: the test fails on the labels below.
    if (!parent) break;
    chain.unshift(parent);
    span = parent;
  }
  return { traceparent, chain };
}

/** The hops of an alert to its page: detection's own reactor, then triage, coordination and comms, each over its producer's topic. */
export const EXPECTED_HOPS = [
  'POST /detection/alerts',
  'publish linchpin.detection.events',
  'process linchpin.detection.events [detection]',
  'publish linchpin.detection.events',
  'process linchpin.detection.events [triage]',
  'publish linchpin.triage.events',
  'process linchpin.triage.events [coordination]',
  'publish linchpin.coordination.events',
  'process linchpin.coordination.events [comms]',
  'deliver page',
];

/** Asserts one trace from the alert's request to the delivered page, and says what it saw (`[trace] …`). */
export async function expectOneTraceFromAlertToPage(exporter: InMemorySpanExporter, page: ReceivedWebhook, messagingSystem: string): Promise<ReadableSpan[]> {
  const http = serverSpan(exporter, 'POST /detection/alerts');
  const { traceparent, chain } = await chainOfThePage(exporter, page);
  const traceId = http.spanContext().traceId;
  expect(traceparent.split('-')[1]).toBe(traceId);
  expect(chain.map(label)).toEqual(EXPECTED_HOPS);
  expect(chain[0]).toBe(http);
  expect(chain[0].parentSpanContext).toBeUndefined();
  for (const span of chain) expect(span.spanContext().traceId).toBe(traceId);
  const kinds = chain.map((s) => s.kind);
  expect(kinds).toEqual([SpanKind.SERVER, ...Array(4).fill([SpanKind.PRODUCER, SpanKind.CONSUMER]).flat(), SpanKind.INTERNAL]);
  for (const span of chain.filter((s) => s.kind === SpanKind.PRODUCER || s.kind === SpanKind.CONSUMER)) {
    expect(span.attributes).toMatchObject({ 'messaging.system': messagingSystem, 'messaging.destination.name': span.name.split(' ')[1] });
  }
  const inTrace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  process.stdout.write(`[trace] ${messagingSystem}: trace ${traceId}, ${inTrace.length} spans in it, alert → page chain of ${chain.length}: ${chain.map(label).join(' → ')}\n`);
  return chain;
}
