import { parseUserReport } from './report';

const report = {
  reporter: 'ana@example.com',
  description: 'Checkout page spins forever after "Pay"\nTried Firefox and Chrome, both stuck since 10:05.',
  service: 'checkout',
};

describe('parseUserReport', () => {
  it('makes one firing warning from the first line of the description, labelled with service and reporter', () => {
    expect(parseUserReport(report)).toEqual({
      ok: true,
      signals: [
        {
          status: 'firing',
          summary: 'Checkout page spins forever after "Pay"',
          severity: 'warning',
          source: 'user-report',
          labels: { service: 'checkout', reporter: 'ana@example.com' },
          annotations: { description: report.description },
          raw: report,
        },
      ],
    });
  });

  it('keeps users affected in details and takes the severity given', () => {
    const result = parseUserReport({ ...report, usersAffected: 1200, severity: 'critical' });
    expect(result.ok && result.signals[0]).toMatchObject({ severity: 'critical', details: { usersAffected: 1200 } });
  });

  it('gives each report its own alert unless a reportKey groups them', () => {
    const plain = parseUserReport(report);
    const keyed = parseUserReport({ ...report, reportKey: 'checkout-spinner' });
    expect(plain.ok && plain.signals[0].senderKey).toBeUndefined();
    expect(keyed.ok && keyed.signals[0].senderKey).toBe('checkout-spinner');
  });

  it('cuts the summary at 200 characters', () => {
    const result = parseUserReport({ ...report, description: 'a'.repeat(300) });
    expect(result.ok && result.signals[0].summary).toBe(`${'a'.repeat(199)}…`);
  });

  it('refuses a report missing what a responder needs, naming each field', () => {
    expect(parseUserReport({ description: ' ', usersAffected: -1, severity: 'urgent' })).toEqual({
      ok: false,
      errors: [
        { field: 'reporter', reason: 'is required: a non-blank string' },
        { field: 'service', reason: 'is required: a non-blank string' },
        { field: 'description', reason: 'is required: a non-blank string' },
        { field: 'usersAffected', reason: 'must be a whole number, 0 or more' },
        { field: 'severity', reason: 'must be one of critical, error, warning, info' },
      ],
    });
    expect(parseUserReport([report])).toEqual({ ok: false, errors: [{ field: 'body', reason: 'must be a JSON object' }] });
  });
});
