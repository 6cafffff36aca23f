import { Inject, Injectable, PipeTransform } from '@nestjs/common';
import { CLOCK, Clock } from '@linchpin/eventsourcing';
import { linkTokenLength } from './signed-link';
import { AcknowledgeLink, SignedLinks } from './signed-links';

const TOKEN_LENGTH = linkTokenLength('ack');

/**
 * `@Param('token', AcknowledgeLinkPipe) link: AcknowledgeLink`: the path's token read as a verified
 * acknowledge link, on the service's clock (a ManualClock in tests); a 401 problem naming why
 * otherwise (malformed, bad signature, wrong purpose, expired), before the handler runs.
 */
@Injectable()
export class AcknowledgeLinkPipe implements PipeTransform<string, AcknowledgeLink> {
  /** What the OpenAPI document says of the parameter (see DocumentedPipe in openapi-parameters.ts). */
  static readonly openApiSchema = {
    type: 'string',
    pattern: `^[A-Za-z0-9_-]{${TOKEN_LENGTH}}$`,
    minLength: TOKEN_LENGTH,
    maxLength: TOKEN_LENGTH,
  } as const;

  constructor(
    private readonly links: SignedLinks,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  transform(token: string): AcknowledgeLink {
    return this.links.acknowledgeLinkOf(token, this.clock.now());
  }
}
