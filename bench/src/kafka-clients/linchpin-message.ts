/** A ~1 KB JSON message shaped like a Linchpin event on the bus (CloudEvents-like envelope + data). */
export function linchpinMessages(count: number): { key: string; value: Buffer }[] {
  return Array.from({ length: count }, (_, i) => {
    const incidentId = `00000000-0000-4000-8000-${(i % 5000).toString(16).padStart(12, '0')}`;
    const value = JSON.stringify({
      specversion: '1.0',
      id: `00000001-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      source: 'linchpin/detection',
      type: 'AlertFired',
      subject: `alert-${incidentId}`,
      time: new Date(Date.UTC(2026, 0, 1) + i * 10).toISOString(),
      datacontenttype: 'application/json',
      schemaversion: 1,
      streamid: `alert-${incidentId}`,
      revision: i % 20,
      position: i + 1,
      correlationid: incidentId,
      causationid: `00000002-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      actor: 'integration:prometheus',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      data: {
        alertId: `00000003-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
        fingerprint: `fp-checkout-error-rate-${i % 7}`,
        source: 'prometheus',
        summary: 'HTTP 5xx ratio 7.3% on checkout-api (threshold 5%) for the last 5 minutes',
        severity: 'critical',
        labels: { service: 'checkout', env: 'production', region: 'eu-west-1', alertname: 'HighErrorRate', team: 'payments', tier: '1' },
        annotations: { runbook: 'https://runbooks.example.com/checkout/high-error-rate', dashboard: 'https://grafana.example.com/d/checkout' },
        dedupKey: 'checkout-error-rate',
        startsAt: '2026-01-01T10:00:00.000Z',
        incidentId,
      },
    });
    return { key: incidentId, value: Buffer.from(value) };
  });
}
