import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ConfigurationError, ConfigurationProblem } from '@linchpin/platform';

export const COMMS_OPTIONS = 'linchpin:comms:options';

export interface CommsOptions {
  /** Signs pages; subscriptions sign with their own secret. */
  signingSecret: string;
  /** Attempts per delivery before NotificationFailed is recorded. */
  attempts: number;
  /** Backoff before retry n is `backoffMs * 2^(n-1)`. */
  backoffMs: number;
  /** Per attempt: a receiver that has not answered by then counts as a failed attempt. */
  timeoutMs: number;
  /** Pages sent at the same time; status updates never use these slots. */
  pageConcurrency: number;
  /** Status updates sent at the same time. */
  updateConcurrency: number;
}

const DEFAULTS = {
  COMMS_DELIVERY_ATTEMPTS: 3,
  COMMS_DELIVERY_BACKOFF_MS: 200,
  COMMS_DELIVERY_TIMEOUT_MS: 5000,
  COMMS_PAGE_CONCURRENCY: 32,
  COMMS_UPDATE_CONCURRENCY: 8,
} as const;

/**
 * From the environment: COMMS_SIGNING_SECRET, COMMS_DELIVERY_ATTEMPTS, COMMS_DELIVERY_BACKOFF_MS,
 * COMMS_DELIVERY_TIMEOUT_MS, COMMS_PAGE_CONCURRENCY, COMMS_UPDATE_CONCURRENCY. A bad number stops
 * the start with a ConfigurationError naming the variable, rather than quietly using the default.
 */
export function commsOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): CommsOptions {
  const problems: ConfigurationProblem[] = [];
  const positiveInt = (variable: keyof typeof DEFAULTS): number => {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') return DEFAULTS[variable];
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
      problems.push({ variable, reason: 'must be a positive integer', value: raw });
      return DEFAULTS[variable];
    }
    return Number(raw);
  };
  const options = {
    attempts: positiveInt('COMMS_DELIVERY_ATTEMPTS'),
    backoffMs: positiveInt('COMMS_DELIVERY_BACKOFF_MS'),
    timeoutMs: positiveInt('COMMS_DELIVERY_TIMEOUT_MS'),
    pageConcurrency: positiveInt('COMMS_PAGE_CONCURRENCY'),
    updateConcurrency: positiveInt('COMMS_UPDATE_CONCURRENCY'),
  };
  if (problems.length) throw new ConfigurationError(problems);

  let signingSecret = env.COMMS_SIGNING_SECRET ?? '';
  if (!signingSecret) {
    signingSecret = randomBytes(32).toString('hex');
    new Logger('Comms').warn(
      'COMMS_SIGNING_SECRET is not set: pages are signed with a secret generated at start, so receivers cannot verify them across restarts',
    );
  }
  return { signingSecret, ...options };
}
