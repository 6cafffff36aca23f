import { fingerprintOf } from './fingerprint';

describe('fingerprintOf', () => {
  const base = { source: 'prometheus', summary: 'error rate 5.2%', labels: { service: 'checkout', alertname: 'HighErrorRate' } };

  it('ignores label order and, when there are labels, the summary', () => {
    const reordered = { ...base, summary: 'error rate 7.9%', labels: { alertname: 'HighErrorRate', service: 'checkout' } };
    expect(fingerprintOf(reordered)).toBe(fingerprintOf(base));
  });

  it('tells apart sources and label values', () => {
    expect(fingerprintOf({ ...base, source: 'grafana' })).not.toBe(fingerprintOf(base));
    expect(fingerprintOf({ ...base, labels: { ...base.labels, service: 'search' } })).not.toBe(fingerprintOf(base));
  });

  it('uses the summary when there are no labels', () => {
    const bare = { source: 'cron', summary: 'backup failed', labels: {} };
    expect(fingerprintOf(bare)).toBe(fingerprintOf({ ...bare }));
    expect(fingerprintOf({ ...bare, summary: 'backup late' })).not.toBe(fingerprintOf(bare));
  });

  it('is the dedup key when the sender gives one', () => {
    expect(fingerprintOf({ ...base, dedupKey: 'checkout/5xx' })).toBe('checkout/5xx');
  });
});
