import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { IsOptional } from 'class-validator';
import { IsPositiveInteger, ServiceSettings } from '@linchpin/platform';

/** The injection token of the typed CommsSettings. */
export const COMMS_SETTINGS = 'linchpin:comms:settings';

export interface CommsSettings {
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
  /** How long a page waits for its person's contact details (coordination's person event) before it fails. */
  contactWaitSeconds: number;
}

const POSITIVE_INTEGER = { message: 'must be a positive integer' };

/** Comms' variables as the operator writes them. A bad number stops the start rather than quietly using the default. */
class CommsVariables {
  @IsOptional() COMMS_SIGNING_SECRET?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_DELIVERY_ATTEMPTS?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_DELIVERY_BACKOFF_MS?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_DELIVERY_TIMEOUT_MS?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_PAGE_CONCURRENCY?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_UPDATE_CONCURRENCY?: string;
  @IsOptional() @IsPositiveInteger(POSITIVE_INTEGER) COMMS_CONTACT_WAIT_SECONDS?: string;
}

type Variables = Readonly<Partial<Record<keyof CommsVariables, string>>>;

const number = (value: string | undefined, fallback: number): number => (value === undefined ? fallback : Number(value));

/** Listed in COMMS_SERVICE (and the standalone's): the platform validates the variables at start. */
export const commsSettings: ServiceSettings<CommsSettings> = {
  token: COMMS_SETTINGS,
  variables: CommsVariables,
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
      attempts: number(variables.COMMS_DELIVERY_ATTEMPTS, 3),
      backoffMs: number(variables.COMMS_DELIVERY_BACKOFF_MS, 200),
      timeoutMs: number(variables.COMMS_DELIVERY_TIMEOUT_MS, 5000),
      pageConcurrency: number(variables.COMMS_PAGE_CONCURRENCY, 32),
      updateConcurrency: number(variables.COMMS_UPDATE_CONCURRENCY, 8),
      contactWaitSeconds: number(variables.COMMS_CONTACT_WAIT_SECONDS, 120),
    };
  },
};
