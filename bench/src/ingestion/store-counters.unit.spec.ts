import { counterDelta, parseStoreCounters } from './store-counters';

describe('store counters on /metrics', () => {
  it('reads the four counters, summing every labelled sample of each', () => {
    const text = [
      '# HELP linchpin_store_appends_total appends that wrote',
      '# TYPE linchpin_store_appends_total counter',
      'linchpin_store_appends_total 12',
      'linchpin_store_events_written_total{store="events"} 10',
      'linchpin_store_events_written_total{store="other"} 5',
      'linchpin_store_bytes_written_total 4096',
      'linchpin_store_commits_total 3',
      'http_requests_total{method="GET",route="/metrics",status="200"} 7',
    ].join('\n');

    expect(parseStoreCounters(text)).toEqual({ appends: 12, eventsWritten: 15, bytesWritten: 4096, commits: 3 });
  });

  it('says there are none when a process exposes no store counters', () => {
    expect(parseStoreCounters('# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.5\n')).toBeUndefined();
  });

  it('gives what a run added, and nothing when either scrape had no counters', () => {
    const before = { appends: 1, eventsWritten: 2, bytesWritten: 300, commits: 1 };
    const after = { appends: 11, eventsWritten: 22, bytesWritten: 3300, commits: 4 };

    expect(counterDelta(before, after)).toEqual({ appends: 10, eventsWritten: 20, bytesWritten: 3000, commits: 3 });
    expect(counterDelta(undefined, after)).toBeUndefined();
  });
});
