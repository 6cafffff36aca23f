import { Inject, Injectable, PipeTransform } from '@nestjs/common';
import { CLOCK, Clock } from '@linchpin/eventsourcing';
import { linkTokenSchema } from './signed-link';
import { SignedLinks, UnsubscribeLink } from './signed-links';

/**
 * `@Param('token', UnsubscribeLinkPipe) link: UnsubscribeLink`: the path's token read as a verified
 * unsubscribe link on the service's clock; a 401 problem naming why otherwise, before the handler runs.
 */
@Injectable()
export class UnsubscribeLinkPipe implements PipeTransform<string, UnsubscribeLink> {
  /** What the OpenAPI document says of the parameter (see DocumentedPipe in openapi-parameters.ts). */
  static readonly openApiSchema = linkTokenSchema('unsubscribe');

  constructor(
    private readonly links: SignedLinks,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  transform(token: string): UnsubscribeLink {
    return this.links.unsubscribeLinkOf(token, this.clock.now());
  }
}
