import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from './webhook-signature';

const secret = 'a-secret-of-sixteen+';
const body = JSON.stringify({ type: 'page', incidentId: 'i-1' });
const at = new Date('2026-03-01T12:00:00.000Z');

describe('webhook signature', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, as a receiver computes it independently', () => {
    const header = signatureHeader(secret, body, at);
    const t = at.getTime() / 1000;
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  it('verifies its own signature within the tolerance', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, body, header, { now: new Date(at.getTime() + 60_000) })).toBe(true);
  });

  it('rejects a tampered body', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, body.replace('i-1', 'i-2'), header, { now: at })).toBe(false);
  });

  it('rejects an old timestamp (replay)', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, body, header, { now: new Date(at.getTime() + 301_000) })).toBe(false);
  });

  it('rejects another secret and malformed headers', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature('another-secret-here', body, header, { now: at })).toBe(false);
    expect(verifySignature(secret, body, 'v1=abc', { now: at })).toBe(false);
    expect(verifySignature(secret, body, `t=${at.getTime() / 1000},v1=zz`, { now: at })).toBe(false);
  });
});
