import { asAdmin } from '@linchpin/testing';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

jest.setTimeout(60_000);

/** Every metric the README's Metrics table lists beyond prom-client's process metrics. */
const CATALOGUE: Record<string, string> = {
  http_requests_total: 'counter',
  http_request_duration_seconds: 'histogram',
  linchpin_store_operation_duration_seconds: 'histogram',
  linchpin_store_appends_total: 'counter',
  linchpin_store_events_written_total: 'counter',
  linchpin_store_bytes_written_total: 'counter',
  linchpin_store_commits_total: 'counter',
  linchpin_consumer_lag_messages: 'gauge',
  linchpin_relay_lag_events: 'gauge',
  linchpin_relay_lag_seconds: 'gauge',
  linchpin_timers_pending: 'gauge',
  linchpin_timers_overdue: 'gauge',
  linchpin_incidents_open: 'gauge',
  linchpin_incidents_unpaged: 'gauge',
  linchpin_incidents_unpaged_total: 'counter',
  linchpin_escalations_total: 'counter',
  linchpin_time_to_acknowledge_seconds: 'histogram',
  linchpin_pages_total: 'counter',
  linchpin_sla_breaches_total: 'counter',
};

/**
 * The standalone process runs the five contexts in one application: each metric is registered once
 * (several contexts asking for one name get the same metric), with a `context` or `group` label where
 * more than one context reports it.
 */
describe('standalone: one /metrics with every context\'s metrics, none twice', () => {
  let running: EmbeddedApp | undefined;
  afterAll(() => running?.close());

  it('declares each metric of the catalogue once, with its type, and a relay lag series per context', async () => {
    running = await startEmbedded('metrics-catalogue');
    const { text } = await asAdmin(running.app.getHttpServer()).get('/metrics').expect(200);
    const types = text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ').slice(2));
    const declared = types.map(([name]) => name);
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.fromEntries(types.filter(([name]) => name in CATALOGUE))).toEqual(CATALOGUE);

    const contexts = [...text.matchAll(/^linchpin_relay_lag_events\{context="(\w+)"\} 0$/gm)].map((m) => m[1]).sort();
    expect(contexts).toEqual(['comms', 'coordination', 'detection', 'review', 'triage']);
    // Every context's consumer groups, each on its topics, all caught up (the in-process bus waits for them).
    const groups = [...text.matchAll(/^linchpin_consumer_lag_messages\{group="([^"]+)",topic="[^"]+"\} (\d+)$/gm)];
    expect(groups.length).toBeGreaterThanOrEqual(5);
    expect(groups.every((m) => m[2] === '0')).toBe(true);
  });
});
