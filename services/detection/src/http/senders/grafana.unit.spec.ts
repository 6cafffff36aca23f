import { grafanaExample } from '../../../test/fixtures/documented-examples';
import { parseGrafanaWebhook } from './grafana';
import type { ParseResult } from './parse-result';


/**
 * The per-alert `valueString` of Grafana 9's version of the same page
 * (https://grafana.com/docs/grafana/v9.5/alerting/manage-notifications/webhook-notifier/).
 */
const GRAFANA_9_VALUE_STRING = "[ metric='' labels={} value=14151.331895396988 ]";

const signalsOf = (result: ParseResult) => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.signals;
};

describe('parseGrafanaWebhook', () => {
  it("reads Grafana's documented example: one signal per alert, values as details, URLs as links", () => {
    const [memory, cpu] = signalsOf(parseGrafanaWebhook(grafanaExample()));

    expect(memory).toEqual({
      senderKey: 'c6eadffa33fcdf37',
      status: 'firing',
      summary: 'This alert was triggered for zone us-1',
      severity: 'error',
      source: 'grafana',
      labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
      annotations: {
        description: 'The system has high memory usage',
        runbook_url: 'https://myrunbook.com/runbook/1234',
        summary: 'This alert was triggered for zone us-1',
      },
      startsAt: '2021-10-12T07:51:03.157Z',
      links: [
        { href: 'https://play.grafana.org/alerting/1afz29v7z/edit', text: 'Alert rule' },
        {
          href: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
          text: 'Silence',
        },
      ],
      details: { B: 44.23943737541908, C: 1 },
      raw: expect.anything(),
    });
    expect(cpu).toMatchObject({ senderKey: 'bc97ff14869b13e3', summary: 'This alert was triggered for zone eu-1', startsAt: '2021-10-12T07:56:03.157Z' });
  });

  it("keeps orgId and the group fields in raw, but not the whole group's message", () => {
    const [memory] = signalsOf(parseGrafanaWebhook(grafanaExample()));
    const { alerts, message: _message, ...envelope } = grafanaExample();
    expect(memory.raw).toEqual({ ...envelope, alerts: [alerts[0]] });
    expect(memory.raw).toMatchObject({ orgId: 1, state: 'alerting', title: '[FIRING:2]  (blue)' });
  });

  it('maps a screenshot to an image, dashboard and panel URLs to links, and valueString to an annotation', () => {
    const body = grafanaExample();
    body.alerts[0] = {
      ...body.alerts[0],
      dashboardURL: 'https://play.grafana.org/d/abc',
      panelURL: 'https://play.grafana.org/d/abc?viewPanel=2',
      imageURL: 'https://play.grafana.org/render/abc.png',
      valueString: GRAFANA_9_VALUE_STRING,
    } as never;
    const [signal] = signalsOf(parseGrafanaWebhook(body));
    expect(signal.images).toEqual([{ src: 'https://play.grafana.org/render/abc.png', alt: 'Panel screenshot' }]);
    expect(signal.links?.map((link) => link.text)).toEqual(['Alert rule', 'Dashboard', 'Panel', 'Silence']);
    expect(signal.annotations?.valueString).toBe(GRAFANA_9_VALUE_STRING);
  });

  it('reads a resolved alert next to a firing one, with its end time', () => {
    const body = grafanaExample();
    body.status = 'resolved';
    body.alerts[1] = { ...body.alerts[1], status: 'resolved', endsAt: '2021-10-12T10:01:03.157076+02:00' };
    const [firing, resolved] = signalsOf(parseGrafanaWebhook(body));
    expect(firing.status).toBe('firing');
    expect(resolved).toMatchObject({ status: 'resolved', endsAt: '2021-10-12T08:01:03.157Z' });
  });

  it('accepts unknown fields and a severity label when Grafana users set one', () => {
    const body = { ...grafanaExample(), newGrafanaField: true };
    body.alerts[0] = { ...body.alerts[0], labels: { ...body.alerts[0].labels, severity: 'warning' }, newAlertField: 1 } as never;
    expect(signalsOf(parseGrafanaWebhook(body))[0].severity).toBe('warning');
  });

  it('refuses values that are not an object', () => {
    const body = grafanaExample();
    body.alerts[0] = { ...body.alerts[0], values: 44 } as never;
    expect(parseGrafanaWebhook(body)).toEqual({ ok: false, errors: [{ field: 'alerts[0].values', reason: 'must be an object' }] });
  });
});
