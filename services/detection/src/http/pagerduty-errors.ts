import { SenderErrorFormat } from '@linchpin/platform';
import { pagerDutyResponse } from './senders/pagerduty';

/**
 * PagerDuty's Events API v2 paths (alerts and changes) answer every refusal as PagerDuty does, including a
 * body refused before the handler (not JSON, too large, nested too deep). Over the process's rate limit
 * (RATE_LIMIT_PER_KEY_PER_MINUTE): PagerDuty's 429, with the platform's Retry-After. A method other than
 * POST stays a 405 with its Allow header: HTTP says so, and it is no invalid event.
 */
export const pagerDutyErrorFormat: SenderErrorFormat = (problem) =>
  problem.status === 429
    ? { status: 429, contentType: 'application/json', body: pagerDutyResponse.throttled() }
    : {
        status: problem.status >= 500 || problem.status === 405 ? problem.status : 400,
        contentType: 'application/json',
        body: pagerDutyResponse.invalid(problem.errors && problem.errors.length > 0 ? problem.errors : [{ field: '', reason: problem.detail }]),
      };

/** The refusal of a routing key that opens no active `pagerduty` integration: PagerDuty's 400, the same for alerts and changes. */
export const unknownRoutingKey = { field: 'routing_key', reason: "'routing_key' is invalid (unknown or revoked integration key)" } as const;
