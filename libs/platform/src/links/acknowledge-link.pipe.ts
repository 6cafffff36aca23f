import { Inject, Injectable, PipeTransform } from '@nestjs/common';
import { CLOCK, Clock } from '@linchpin/eventsourcing';
import { linkTokenSchema } from './signed-link';
import { AcknowledgeLink, SignedLinks } from './signed-links';

/**
 * `@Param('token', AcknowledgeLinkPipe) link: AcknowledgeLink`: the path's token read as a verified
 * acknowledge link, on the service's clock (a ManualClock in tests); a 401 problem naming why
 * otherwise (malformed, bad signature, wrong purpose, expired), before the handler runs.
 */
@Injectable()
export class AcknowledgeLinkPipe implements PipeTransform<string, AcknowledgeLink> {
  /** What the OpenAPI document says of the parameter (see DocumentedPipe in openapi-parameters.ts). */
  static readonly openApiSchema = linkTokenSchema('ack');

  constructor(
    private readonly links: SignedLinks,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  transform(token: string): AcknowledgeLink {
    return this.links.acknowledgeLinkOf(token, this.clock.now());
  }
}
