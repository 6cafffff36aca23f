import { Inject, Injectable } from '@nestjs/common';
import { Clock, CLOCK } from '@linchpin/eventsourcing';
import { IntegrationKeys } from '../application/integration-keys';
import { IntegrationView } from '../application/config-projections';
import { RateLimiter } from '../application/rate-limiter';
import { unknownRoutingKey } from './pagerduty-errors';
import { refusedPayload } from './sender-helpers';

/**
 * What an alert and a change event sent to PagerDuty's paths both pass: the `routing_key` must open an
 * active `pagerduty` integration (else PagerDuty's 400, thrown), and the integration must be under its
 * `rateLimitPerMinute` (alerts and changes share it).
 */
@Injectable()
export class PagerDutyAdmission {
  constructor(
    private readonly keys: IntegrationKeys,
    private readonly limiter: RateLimiter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The integration, or `throttled` when it is over its rate limit (the caller answers PagerDuty's 429). */
  async admit(routingKey: string): Promise<IntegrationView | 'throttled'> {
    const integration = await this.keys.find(routingKey, 'pagerduty');
    if (!integration) throw refusedPayload([unknownRoutingKey]);
    return this.limiter.take(integration.integrationId, integration.settings.rateLimitPerMinute, this.clock.now().getTime()) ? integration : 'throttled';
  }
}
