import { parseAlertmanagerWebhook } from './alertmanager';
import type { ParseResult } from './parse-result';
import { severityFromLabel } from './severity';

/**
 * The notification of https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 * ("The Alertmanager will send HTTP POST requests in the following JSON format"). The docs give
 * the schema with placeholders; the values fill it in as Alertmanager does: RFC 3339 times with
 * nanoseconds, Go's zero time as a firing alert's endsAt, 16-hex-digit fingerprints.
 */
const notification = () => ({
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'linchpin',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: { alertname: 'HighErrorRate', job: 'checkout' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.example.com:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', job: 'checkout', instance: 'checkout-1:8080', severity: 'page', service: 'checkout' },
      annotations: { summary: 'Checkout 5xx above 5%', description: 'checkout-1 answers 7.2% of requests with 5xx' },
      startsAt: '2024-05-01T12:00:00.739266876+02:00',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=rate%28http_5xx%5B5m%5D%29&g0.tab=1',
      fingerprint: 'c2a5b1d3e4f60718',
    },
    {
      status: 'resolved',
      labels: { alertname: 'HighErrorRate', job: 'checkout', instance: 'checkout-2:8080' },
      annotations: { description: 'checkout-2 answers 6.1% of requests with 5xx\nsee the runbook' },
      startsAt: '2024-05-01T09:55:00Z',
      endsAt: '2024-05-01T10:04:30.5Z',
      generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=rate%28http_5xx%5B5m%5D%29&g0.tab=1',
      fingerprint: '9f0e1d2c3b4a5968',
    },
  ],
});

/**
 * What Debian's prometheus-alertmanager sent to a webhook receiver, as captured by
 * libs/testing/src/alertmanager.int.spec.ts (its fixture `alertmanager-webhook.json`), copied here so
 * this unit test reads no file.
 */
const capturedFromAlertmanager = {
  "receiver": "linchpin",
  "status": "firing",
  "alerts": [
    {
      "status": "firing",
      "labels": {
        "alertname": "HighErrorRate",
        "instance": "checkout-1",
        "service": "checkout",
        "severity": "critical"
      },
      "annotations": {
        "runbook_url": "https://runbooks.example/checkout",
        "summary": "Checkout error rate above 5% on checkout-1"
      },
      "startsAt": "2026-11-26T18:03:02.032Z",
      "endsAt": "0001-01-01T00:00:00Z",
      "generatorURL": "http://prometheus.example:9090/graph?g0.expr=rate%28http_errors_total%5B5m%5D%29+%3E+0.05",
      "fingerprint": "2f37b53748985404"
    },
    {
      "status": "resolved",
      "labels": {
        "alertname": "HighErrorRate",
        "instance": "checkout-2",
        "service": "checkout",
        "severity": "critical"
      },
      "annotations": {
        "runbook_url": "https://runbooks.example/checkout",
        "summary": "Checkout error rate above 5% on checkout-2"
      },
      "startsAt": "2026-11-26T18:03:02.032Z",
      "endsAt": "2026-11-26T18:04:01.155Z",
      "generatorURL": "http://prometheus.example:9090/graph?g0.expr=rate%28http_errors_total%5B5m%5D%29+%3E+0.05",
      "fingerprint": "d1ed38e55b38e745"
    }
  ],
  "groupLabels": {
    "alertname": "HighErrorRate",
    "service": "checkout"
  },
  "commonLabels": {
    "alertname": "HighErrorRate",
    "service": "checkout",
    "severity": "critical"
  },
  "commonAnnotations": {
    "runbook_url": "https://runbooks.example/checkout"
  },
  "externalURL": "http://127.0.0.1:40509",
  "version": "4",
  "groupKey": "{}:{alertname=\"HighErrorRate\", service=\"checkout\"}",
  "truncatedAlerts": 0
};

const signalsOf = (result: ParseResult) => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.signals;
};
const errorsOf = (result: ParseResult) => {
  if (result.ok) throw new Error('accepted');
  return result.errors;
};

describe('parseAlertmanagerWebhook', () => {
  it('makes one signal per alert, keyed by its fingerprint, with firing and resolved mixed', () => {
    const [firing, resolved] = signalsOf(parseAlertmanagerWebhook(notification()));

    expect(firing).toMatchObject({
      senderKey: 'c2a5b1d3e4f60718',
      status: 'firing',
      summary: 'Checkout 5xx above 5%',
      severity: 'critical',
      source: 'checkout-1:8080',
      labels: { alertname: 'HighErrorRate', job: 'checkout', instance: 'checkout-1:8080', severity: 'page', service: 'checkout' },
      annotations: { summary: 'Checkout 5xx above 5%', description: 'checkout-1 answers 7.2% of requests with 5xx' },
      startsAt: '2024-05-01T10:00:00.739Z',
      links: [{ href: 'http://prometheus.example.com:9090/graph?g0.expr=rate%28http_5xx%5B5m%5D%29&g0.tab=1', text: 'Source' }],
    });
    expect(firing.endsAt).toBeUndefined();

    expect(resolved).toMatchObject({
      senderKey: '9f0e1d2c3b4a5968',
      status: 'resolved',
      summary: 'checkout-2 answers 6.1% of requests with 5xx',
      severity: 'error',
      source: 'checkout-2:8080',
      startsAt: '2024-05-01T09:55:00.000Z',
      endsAt: '2024-05-01T10:04:30.500Z',
    });
  });

  it('reads a notification a real Alertmanager sent', () => {
    const signals = signalsOf(parseAlertmanagerWebhook(capturedFromAlertmanager));
    const essentials = signals.map(({ senderKey, status, summary, severity, source, startsAt, endsAt }) => ({
      senderKey,
      status,
      summary,
      severity,
      source,
      startsAt,
      endsAt,
    }));
    expect(essentials).toEqual([
      {
        senderKey: '2f37b53748985404',
        status: 'firing',
        summary: 'Checkout error rate above 5% on checkout-1',
        severity: 'critical',
        source: 'checkout-1',
        startsAt: '2026-11-26T18:03:02.032Z',
        endsAt: undefined,
      },
      {
        senderKey: 'd1ed38e55b38e745',
        status: 'resolved',
        summary: 'Checkout error rate above 5% on checkout-2',
        severity: 'critical',
        source: 'checkout-2',
        startsAt: '2026-11-26T18:03:02.032Z',
        endsAt: '2026-11-26T18:04:01.155Z',
      },
    ]);
    expect(signals[0].labels.service).toBe('checkout');
  });

  it('gives a firing alert no end, even when Alertmanager sends a provisional one', () => {
    const body = notification();
    body.alerts[0] = { ...body.alerts[0], endsAt: '2024-05-01T10:04:00Z' };
    expect(signalsOf(parseAlertmanagerWebhook(body))[0].endsAt).toBeUndefined();
  });

  it('falls back to alertname for the summary and to job, then the sender, for the source', () => {
    const body = notification();
    body.alerts = [
      { ...body.alerts[0], labels: { alertname: 'DiskFull', job: 'node' } as never, annotations: {} as never },
      { ...body.alerts[0], labels: { alertname: 'Watchdog' } as never, annotations: {} as never },
    ];
    const [byJob, bare] = signalsOf(parseAlertmanagerWebhook(body));
    expect([byJob.summary, byJob.source]).toEqual(['DiskFull', 'node']);
    expect([bare.summary, bare.source]).toEqual(['Watchdog', 'alertmanager']);
    expect(bare.annotations).toBeUndefined();
  });

  it('accepts fields it does not know, in the envelope and in each alert, and keeps them in raw', () => {
    const body = { ...notification(), futureEnvelopeField: { x: 1 } };
    body.alerts[0] = { ...body.alerts[0], futureAlertField: 'kept' } as never;
    const [signal] = signalsOf(parseAlertmanagerWebhook(body));
    expect(signal.raw).toMatchObject({ futureEnvelopeField: { x: 1 }, alerts: [{ futureAlertField: 'kept' }] });
  });

  it('keeps as raw the group envelope around this one alert, which parses back to the same signal', () => {
    const [, resolved] = signalsOf(parseAlertmanagerWebhook(notification()));
    const { alerts, ...envelope } = notification();
    expect(resolved.raw).toEqual({ ...envelope, alerts: [alerts[1]] });
    expect(signalsOf(parseAlertmanagerWebhook(resolved.raw))).toEqual([resolved]);
  });

  it('reads an alert without a fingerprint as one without a sender key', () => {
    const body = notification();
    delete (body.alerts[0] as { fingerprint?: string }).fingerprint;
    expect(signalsOf(parseAlertmanagerWebhook(body))[0].senderKey).toBeUndefined();
  });

  it('refuses the whole payload for one bad alert, naming each failing field', () => {
    const body = notification();
    body.alerts[1] = {
      ...body.alerts[1],
      status: 'pending',
      labels: { alertname: 'HighErrorRate', replicas: 3 } as never,
      startsAt: 'yesterday',
    };
    expect(errorsOf(parseAlertmanagerWebhook(body))).toEqual([
      { field: 'alerts[1].status', reason: "must be 'firing' or 'resolved'" },
      { field: 'alerts[1].labels.replicas', reason: 'must be a string' },
      { field: 'alerts[1].startsAt', reason: 'must be an ISO 8601 / RFC 3339 time' },
    ]);
  });

  it('refuses what is not a notification', () => {
    expect(errorsOf(parseAlertmanagerWebhook('alerts'))).toEqual([{ field: 'body', reason: 'must be a JSON object' }]);
    expect(errorsOf(parseAlertmanagerWebhook({ version: '4' }))).toEqual([{ field: 'alerts', reason: 'must be an array of alerts' }]);
    expect(errorsOf(parseAlertmanagerWebhook({ alerts: [null] }))).toEqual([{ field: 'alerts[0]', reason: 'must be an object' }]);
  });
});

describe('severityFromLabel', () => {
  it.each([
    ['critical', 'critical'],
    ['Page', 'critical'],
    ['P1', 'critical'],
    ['high', 'error'],
    ['error', 'error'],
    ['warn', 'warning'],
    ['WARNING', 'warning'],
    ['info', 'info'],
    ['low', 'info'],
    ['none', 'info'],
  ])('reads %s as %s', (label, severity) => {
    expect(severityFromLabel(label)).toBe(severity);
  });

  it('reads a missing or unknown label as error, like Alertmanager’s own PagerDuty receiver', () => {
    expect(severityFromLabel(undefined)).toBe('error');
    expect(severityFromLabel('spicy')).toBe('error');
  });
});
