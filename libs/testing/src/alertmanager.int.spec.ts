import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALERTMANAGER_INSTALL_HINT,
  ALERTMANAGER_RECEIVER,
  findAlertmanager,
  PostableAlert,
  RunningAlertmanager,
  startAlertmanager,
} from './alertmanager';
import { eventually } from './eventually';
import { ReceivedWebhook, WebhookReceiver } from './webhook-receiver';

// What the installed Alertmanager really sends to a webhook receiver (payload version "4"); the
// fixture is the one with a firing and a resolved alert, captured by this test. To capture it again (after an
// Alertmanager upgrade): WRITE_ALERTMANAGER_FIXTURE=1 npx jest src/alertmanager.int.spec.ts
const FIXTURE = join(__dirname, 'fixtures', 'alertmanager-webhook.json');

/** Whatever JSON Alertmanager sent: the test asserts its shape rather than declare it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Payload = any;

// In CI (.ci/run installs the package) a missing binary fails the test instead of skipping it.
const runs = findAlertmanager() !== undefined || process.env.CI === 'true';
if (!runs) console.warn(`Alertmanager test skipped: ${ALERTMANAGER_INSTALL_HINT}`);

(runs ? describe : describe.skip)('a real Prometheus Alertmanager posting to a webhook receiver', () => {
  const receiver = new WebhookReceiver();
  let alertmanager: RunningAlertmanager;

  beforeAll(async () => {
    const receiverUrl = await receiver.start();
    alertmanager = await startAlertmanager({ webhookUrl: `${receiverUrl}/alertmanager` });
  }, 40_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await receiver.stop();
  });

  const payloads = (): Payload[] => receiver.on('/alertmanager').map((w) => w.body);
  const nextPayload = (what: string, after: number, match: (body: Payload) => boolean): Promise<Payload> =>
    eventually(what, async () => payloads().slice(after).find(match), 20_000);
  const byInstance = (body: Payload, instance: string): Payload =>
    body.alerts.find((a: Payload) => a.labels.instance === instance);

  it('sends the group firing, re-sends all of it when one alert resolves, then sends it resolved', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const alert = (instance: string, endsAt?: string): PostableAlert => ({
      labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical', instance },
      annotations: { summary: `Checkout error rate above 5% on ${instance}`, runbook_url: 'https://runbooks.example/checkout' },
      startsAt,
      ...(endsAt ? { endsAt } : {}),
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=rate%28http_errors_total%5B5m%5D%29+%3E+0.05',
    });

    await alertmanager.pushAlerts([alert('checkout-1'), alert('checkout-2')]);
    const firing = await nextPayload('the firing group', 0, (b) => b.status === 'firing' && b.alerts.length === 2);
    expect(firing).toMatchObject({
      version: '4',
      receiver: ALERTMANAGER_RECEIVER,
      status: 'firing',
      groupLabels: { alertname: 'HighErrorRate', service: 'checkout' },
      commonLabels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' },
      externalURL: alertmanager.url,
      truncatedAlerts: 0,
    });
    expect(typeof firing.groupKey).toBe('string');
    for (const a of firing.alerts) {
      // Alertmanager (Go) writes times without trailing zeros in the fraction (…13.44Z for …13.440Z): compare instants.
      expect(a).toMatchObject({ status: 'firing', endsAt: '0001-01-01T00:00:00Z' });
      expect(Date.parse(a.startsAt)).toBe(Date.parse(startsAt));
      expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    }
    const fingerprint1 = byInstance(firing, 'checkout-1').fingerprint;
    const fingerprint2 = byInstance(firing, 'checkout-2').fingerprint;
    expect(fingerprint1).not.toBe(fingerprint2);

    const seen = payloads().length;
    const resolvedAt = new Date(Date.now() - 1_000).toISOString();
    await alertmanager.pushAlerts([alert('checkout-2', resolvedAt)]);
    const mixed = await nextPayload('the group with one alert resolved', seen, (b) =>
      b.alerts.some((a: Payload) => a.status === 'resolved'),
    );
    // The group is still firing, and the alert that did not change is sent again beside the resolved one.
    expect(mixed).toMatchObject({ version: '4', status: 'firing', groupKey: firing.groupKey });
    expect(mixed.alerts).toHaveLength(2);
    expect(byInstance(mixed, 'checkout-1')).toMatchObject({ status: 'firing', fingerprint: fingerprint1 });
    expect(byInstance(mixed, 'checkout-2')).toMatchObject({ status: 'resolved', fingerprint: fingerprint2 });
    expect(Date.parse(byInstance(mixed, 'checkout-2').endsAt)).toBe(Date.parse(resolvedAt));
    saveOrCompareFixture(receiver.on('/alertmanager').find((w) => w.body === mixed)!);

    const seenBeforeEnd = payloads().length;
    await alertmanager.pushAlerts([alert('checkout-1', new Date(Date.now() - 1_000).toISOString())]);
    const resolved = await nextPayload('the resolved group', seenBeforeEnd, (b) => b.status === 'resolved');
    // An alert already sent as resolved leaves the group: the last payload holds only checkout-1, so a
    // receiver knows the group has cleared from each fingerprint's own state, not from one payload.
    expect(resolved).toMatchObject({ version: '4', groupKey: firing.groupKey });
    expect(resolved.alerts).toEqual([expect.objectContaining({ status: 'resolved', fingerprint: fingerprint1 })]);
  }, 60_000);
});

/** The committed fixture must have the fields the installed Alertmanager sends, so it cannot drift from the real sender. */
function saveOrCompareFixture(webhook: ReceivedWebhook): void {
  expect(webhook.headers['content-type']).toMatch(/^application\/json/);
  expect(webhook.headers['user-agent']).toMatch(/^Alertmanager\//);
  if (process.env.WRITE_ALERTMANAGER_FIXTURE === '1') {
    writeFileSync(FIXTURE, `${JSON.stringify(webhook.body, null, 2)}\n`);
    return;
  }
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const shape = (body: Payload) => ({
    payload: Object.keys(body).sort(),
    alerts: body.alerts.map((a: Payload) => Object.keys(a).sort()),
  });
  expect(shape(fixture)).toEqual(shape(webhook.body));
}
