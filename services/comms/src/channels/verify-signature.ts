import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver checks a Linchpin webhook (the README's reference; it needs only node:crypto, copy
 * it): `Linchpin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * True when a `v1` matches the raw body (the bytes received, before any JSON parsing) and `t` is
 * within `toleranceSeconds` of `now` either way: an old request replayed later is refused. Dedupe on
 * `Linchpin-Delivery` too: within the window the same delivery may come again (a retry, a restart).
 */
export function verifyLinchpinSignature(secret: string, header: string, body: string | Buffer, now: Date, toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value);
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0])) return false;
  const t = Number(timestamps[0]);
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return parts
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/i.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value, 'hex'), expected));
}
