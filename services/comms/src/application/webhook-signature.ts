import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing, Stripe-style, so receivers can check that a webhook came from Linchpin and
 * is fresh:
 *
 *   Linchpin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *   Linchpin-Delivery:  <deliveryId>   (the same on every retry: receivers dedupe on it)
 *   Linchpin-Event:     page | status-update
 *
 * Pages are signed with the comms signing secret (COMMS_SIGNING_SECRET); status updates with
 * the subscription's own secret. Receivers must verify over the raw body bytes, and should
 * reject timestamps older than a tolerance (default here: 5 minutes) against replay.
 */
export const SIGNATURE_HEADER = 'Linchpin-Signature';
export const DELIVERY_HEADER = 'Linchpin-Delivery';
export const EVENT_HEADER = 'Linchpin-Event';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: number, body: string): Buffer =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body).toString('hex')}`;
}

export interface VerifyOptions {
  now: Date;
  toleranceSeconds?: number;
}

/** True when one `v1` signature matches the body and the timestamp is within the tolerance. */
export function verifySignature(secret: string, body: string, header: string, { now, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: VerifyOptions): boolean {
  const pairs = header.split(',').map((part) => {
    const eq = part.indexOf('=');
    return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] as const;
  });
  const t = Number(pairs.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - t) > toleranceSeconds) return false;
  const expected = hmac(secret, t, body);
  return pairs
    .filter(([k]) => k === 'v1')
    .some(([, v]) => {
      const given = Buffer.from(v, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
