import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IncomingRequest, linkContext, ProblemDetailsDto, Public, UNSUBSCRIBE_LINK_ROUTE, UnsubscribeLink, UnsubscribeLinkPipe } from '@linchpin/platform';
import { PreviewUnsubscribeLinkQuery, UnsubscribeByLinkCommand } from '../../application/subscriptions/subscriptions.commands';
import { UNSUBSCRIBED_BY_LINK } from '../../application/subscriptions/subscriptions.handlers';
import { UnsubscribedDto, UnsubscribeLinkPreviewDto } from './subscriptions.dto';

const REASON = 'The signed link is the credential: every message sent to a subscription carries it, and it cancels that subscription only';
const REFUSED = 'The link is malformed, not signed by this deployment, for another purpose, or expired (`code` says which)';

/**
 * A subscription's unsubscribe link (issue 15): `<LINCHPIN_PUBLIC_URL>/comms/links/unsubscribe/<token>`, in every
 * message comms sends to a subscription. GET only says what it would do (mail and chat clients fetch links to
 * preview them); POST cancels, also as a mail client's one-click unsubscribe (RFC 8058) or a mail's button.
 */
@ApiTags('comms: subscriptions')
@ApiParam({ name: 'token', description: 'The signed token of the link, as the message carried it' })
@ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: REFUSED })
@ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'The subscription does not exist (any more)' })
@Controller(UNSUBSCRIBE_LINK_ROUTE)
export class UnsubscribeLinksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':token')
  @Public(REASON)
  @ApiOperation({ summary: 'What an unsubscribe link would do, without doing it', description: 'Which subscription, what it hears, whether a POST would cancel it, and when the link expires.' })
  @ApiOkResponse({ type: UnsubscribeLinkPreviewDto })
  preview(@Param('token', UnsubscribeLinkPipe) link: UnsubscribeLink) {
    return this.queries.execute(new PreviewUnsubscribeLinkQuery(link));
  }

  @Post(':token')
  @Public(REASON)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Unsubscribe by a message’s link: cancels the subscription, no credentials',
    description:
      'No body is read: a JSON body, an empty one, or the form a mail client posts for one-click unsubscribe (`List-Unsubscribe=One-Click`, ' +
      'application/x-www-form-urlencoded). Following it again answers `changed: false`. Recorded as `subscription:<id>` on behalf of "unsubscribe link".',
  })
  @ApiOkResponse({ type: UnsubscribedDto })
  unsubscribe(@Param('token', UnsubscribeLinkPipe) link: UnsubscribeLink, @Req() request: IncomingRequest) {
    return this.commands.execute(new UnsubscribeByLinkCommand({ link, request: linkContext(request, `subscription:${link.subscriptionId}`, UNSUBSCRIBED_BY_LINK) }));
  }
}
