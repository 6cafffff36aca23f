import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ACKNOWLEDGE_LINK_ROUTE, AcknowledgeLink, AcknowledgeLinkPipe, IncomingRequest, linkContext, ProblemDetailsDto, Public } from '@linchpin/platform';
import { AcknowledgeIncidentCommand } from '../application/commands';
import { PreviewAcknowledgeLinkQuery } from '../application/acknowledge-link';
import { AcknowledgeLinkPreviewDto } from './acknowledge-link.dto';
import { AcceptedDto } from './incident.dto';

/** Recorded as the acknowledgement's metadata.onBehalfOf: how the person acknowledged. */
export const ACKNOWLEDGED_BY_LINK = 'acknowledge link';

const REASON = 'The signed link is the credential: comms sends it in the page, for the person paged, and it expires';
const REFUSED = 'The link is malformed, not signed by this deployment, for another purpose, or expired (`code` says which)';

/**
 * A page's acknowledge link (issue 14): `<LINCHPIN_PUBLIC_URL>/coordination/links/acknowledge/<token>`,
 * built by comms when it sends the page. The token is read by AcknowledgeLinkPipe (a 401 when it is
 * not good); the POST sends the same command as the acknowledge route, as the person the link names.
 */
@ApiTags('coordination: incidents')
@ApiParam({ name: 'token', description: 'The signed token of the link, as the page carried it' })
@ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: REFUSED })
@ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Coordination does not know the incident (yet)' })
@Controller(ACKNOWLEDGE_LINK_ROUTE)
export class AcknowledgeLinksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':token')
  @Public(REASON)
  @ApiOperation({
    summary: 'What a page’s acknowledge link would do, without doing it',
    description:
      'Chat and mail clients fetch the links they show to preview them, so a GET never acknowledges: it says which incident and person the link is for, the incident’s title and status, whether a POST would acknowledge it, and when the link expires.',
  })
  @ApiOkResponse({ type: AcknowledgeLinkPreviewDto })
  preview(@Param('token', AcknowledgeLinkPipe) link: AcknowledgeLink) {
    return this.queries.execute(new PreviewAcknowledgeLinkQuery(link));
  }

  @Post(':token')
  @Public(REASON)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Acknowledge from a page’s link, as the person paged',
    description:
      'The same acknowledgement as `POST /coordination/incidents/{id}/acknowledge`, by `person:<personId>` of the link, on behalf of "acknowledge link"; no body and no bearer token. A second acknowledgement is refused with 409 "already_acknowledged", as is acknowledging a resolved incident ("already_resolved").',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already acknowledged, or resolved' })
  acknowledge(@Param('token', AcknowledgeLinkPipe) link: AcknowledgeLink, @Req() request: IncomingRequest) {
    const context = linkContext(request, `person:${link.personId}`, ACKNOWLEDGED_BY_LINK);
    return this.commands.execute(new AcknowledgeIncidentCommand({ incidentId: link.incidentId, request: context }));
  }
}
