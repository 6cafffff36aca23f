import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { IsOptional, Matches } from 'class-validator';
import { IsPositiveInteger, ServiceSettings } from '@linchpin/platform';
import { DEFAULT_RETRY_SCHEDULES, RetrySchedules } from './domain/retry-schedule';

/** The injection token of the typed CommsSettings. */
export const COMMS_SETTINGS = 'linchpin:comms:settings';

export interface CommsSettings {
  /** Signs pages; subscriptions sign with their own secret. */
  signingSecret: string;
  /** How each kind of delivery retries (src/domain/retry-schedule.ts): attempts, and the backoff's base and factor. */
  retry: RetrySchedules;
  /** Per attempt: a receiver that has not answered by then counts as a failed attempt. */
  timeoutMs: number;
  /** Pages sent at the same time; status updates never use these slots. */
  pageConcurrency: number;
  /** Status updates sent at the same time. */
  updateConcurrency: number;
  /** How long a page waits for its person's contact details (coordination's person event) before it fails. */
  contactWaitSeconds: number;
  /** Where email goes (`smtp://user:pass@host:587`, `smtps://…`); unset: email deliveries fail at once, saying so. A secret. */
  smtpUrl?: string;
  /** The From of every email. */
  smtpFrom: string;
}

/** The From header when SMTP_FROM is unset. */
export const DEFAULT_SMTP_FROM = 'Linchpin <linchpin@localhost>';

const POSITIVE_INTEGER = { message: 'must be a positive integer' };

/** Comms' variables as the operator writes them. A bad number stops the start rather than quietly using the default. */
class CommsVariables {
  @IsOptional() COMMS_SIGNING_SECRET?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_PAGE_RETRY_ATTEMPTS?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_PAGE_RETRY_BASE_SECONDS?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_UPDATE_RETRY_ATTEMPTS?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_UPDATE_RETRY_BASE_SECONDS?: string;
  /** Before issue 15, one schedule for both kinds; kept as a mapping: it sets both kinds unless their own variable is set. */
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_DELIVERY_ATTEMPTS?: string;
  /** Before issue 15, the backoff's base in ms for both kinds; kept as a mapping (sub-second bases, for tests) unless a kind's own base is set. */
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_DELIVERY_BACKOFF_MS?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_DELIVERY_TIMEOUT_MS?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_PAGE_CONCURRENCY?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_UPDATE_CONCURRENCY?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_CONTACT_WAIT_SECONDS?: string;
  /** A secret: a bad value is reported by its length only (the platform's SECRET_VARIABLES). */
  @IsOptional() @Matches(/^smtps?:\/\/[^\s/?#]+(:\d+)?\/?(\?\S*)?$/i, { message: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587' }) SMTP_URL?: string;
  @IsOptional() SMTP_FROM?: string;
}

type Variables = Readonly<Partial<Record<keyof CommsVariables, string>>>;

const number = (value: string | undefined, fallback: number): number => (value === undefined ? fallback : Number(value));

const seconds = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value) * 1000);

/** Each kind's own variables first, then the old shared ones, then the defaults. */
function retrySchedulesOf(variables: Variables): RetrySchedules {
  const legacyAttempts = variables.COMMS_DELIVERY_ATTEMPTS === undefined ? undefined : Number(variables.COMMS_DELIVERY_ATTEMPTS);
  const legacyBaseMs = variables.COMMS_DELIVERY_BACKOFF_MS === undefined ? undefined : Number(variables.COMMS_DELIVERY_BACKOFF_MS);
  const { page, 'status-update': update } = DEFAULT_RETRY_SCHEDULES;
  const updates = {
    ...update,
    attempts: number(variables.COMMS_UPDATE_RETRY_ATTEMPTS, legacyAttempts ?? update.attempts),
    baseMs: seconds(variables.COMMS_UPDATE_RETRY_BASE_SECONDS) ?? legacyBaseMs ?? update.baseMs,
  };
  return {
    page: {
      ...page,
      attempts: number(variables.COMMS_PAGE_RETRY_ATTEMPTS, legacyAttempts ?? page.attempts),
      baseMs: seconds(variables.COMMS_PAGE_RETRY_BASE_SECONDS) ?? legacyBaseMs ?? page.baseMs,
    },
    'status-update': updates,
    // An action item reminder retries on the status updates' schedule and settings (retry-schedule.ts).
    'action-item-reminder': updates,
  };
}

/** Listed in COMMS_SERVICE (and the standalone's): the platform validates the variables at start. */
export const commsSettings: ServiceSettings<CommsSettings> = {
  token: COMMS_SETTINGS,
  variables: CommsVariables,
  // A key made at start differs per replica and per restart: receivers would refuse the pages they cannot verify.
  sharedSecrets: ['COMMS_SIGNING_SECRET'],
  build: (variables: Variables) => {
    let signingSecret = variables.COMMS_SIGNING_SECRET;
    if (!signingSecret) {
      signingSecret = randomBytes(32).toString('hex');
      new Logger('Comms').warn(
        'COMMS_SIGNING_SECRET is not set: pages are signed with a secret generated at start, so receivers cannot verify them across restarts',
      );
    }
    return {
      signingSecret,
      retry: retrySchedulesOf(variables),
      timeoutMs: number(variables.COMMS_DELIVERY_TIMEOUT_MS, 5000),
      pageConcurrency: number(variables.COMMS_PAGE_CONCURRENCY, 32),
      updateConcurrency: number(variables.COMMS_UPDATE_CONCURRENCY, 8),
      contactWaitSeconds: number(variables.COMMS_CONTACT_WAIT_SECONDS, 120),
      ...(variables.SMTP_URL ? { smtpUrl: variables.SMTP_URL } : {}),
      smtpFrom: variables.SMTP_FROM ?? DEFAULT_SMTP_FROM,
    };
  },
};
