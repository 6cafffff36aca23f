import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

export const COMMS_OPTIONS = 'linchpin:comms:options';

export interface CommsOptions {
  /** Signs pages; subscriptions sign with their own secret. */
  signingSecret: string;
  /** Attempts per delivery before NotificationFailed is recorded. */
  attempts: number;
  /** Backoff before retry n is `backoffMs * 2^(n-1)`. */
  backoffMs: number;
  /** Per request. */
  timeoutMs: number;
}

const positiveInt = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** From the environment: COMMS_SIGNING_SECRET, COMMS_DELIVERY_ATTEMPTS, COMMS_DELIVERY_BACKOFF_MS, COMMS_DELIVERY_TIMEOUT_MS. */
export function commsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CommsOptions {
  let signingSecret = env.COMMS_SIGNING_SECRET ?? '';
  if (!signingSecret) {
    signingSecret = randomBytes(32).toString('hex');
    new Logger('Comms').warn(
      'COMMS_SIGNING_SECRET is not set: pages are signed with a secret generated at start, so receivers cannot verify them across restarts',
    );
  }
  return {
    signingSecret,
    attempts: positiveInt(env.COMMS_DELIVERY_ATTEMPTS, 3),
    backoffMs: positiveInt(env.COMMS_DELIVERY_BACKOFF_MS, 200),
    timeoutMs: positiveInt(env.COMMS_DELIVERY_TIMEOUT_MS, 5000),
  };
}
