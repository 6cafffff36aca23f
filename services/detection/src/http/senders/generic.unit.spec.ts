import { parseGenericAlert } from './generic';

const alert = { source: 'prometheus', summary: 'Checkout error rate above 5%', severity: 'critical' as const };

describe('parseGenericAlert', () => {
  it('makes one firing signal without a sender key or labels when only the required fields are given', () => {
    expect(parseGenericAlert(alert)).toEqual({
      ok: true,
      signals: [{ status: 'firing', source: 'prometheus', summary: 'Checkout error rate above 5%', severity: 'critical', labels: {}, raw: alert }],
    });
  });

  it('takes the dedupKey as the sender key and keeps labels and status', () => {
    const body = { ...alert, dedupKey: 'checkout-5xx', labels: { service: 'checkout' }, status: 'resolved' as const };
    const result = parseGenericAlert(body);
    expect(result.ok && result.signals[0]).toMatchObject({ senderKey: 'checkout-5xx', labels: { service: 'checkout' }, status: 'resolved', raw: body });
  });

  it("normalises the sender's times to ISO 8601 UTC", () => {
    const result = parseGenericAlert({ ...alert, startsAt: '2024-05-01T12:00:00+02:00', endsAt: '2024-05-01T12:30:00.5+02:00' });
    expect(result.ok && result.signals[0]).toMatchObject({ startsAt: '2024-05-01T10:00:00.000Z', endsAt: '2024-05-01T10:30:00.500Z' });
  });
});
