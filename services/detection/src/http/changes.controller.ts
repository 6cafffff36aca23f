import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, pageLimit, ProblemDetailsDto, requestContext, zonedInstant } from '@linchpin/platform';
import { ListChangesQuery, ReportChangeCommand } from '../application/changes';
import { ChangeListQueryDto, ChangePageDto, ChangeReportedDto, ReportChangeDto } from './change.dto';

@ApiTags('detection')
@Controller('detection')
export class ChangesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Post('changes')
  @Access('sender')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Report a change (generic JSON): a deploy, a configuration applied, naming the services that changed',
    description:
      'The generic counterpart of PagerDuty\'s `POST /v2/change/enqueue`, for a sender with an API token (role `sender`) instead of an ' +
      'integration key: recorded as `ChangeRecorded` (v2, `integrationId` null, the token as its actor); it opens no incident and pages ' +
      'nobody. Review shows it next to the incidents of these services and of the services that depend on them. With an ' +
      '`Idempotency-Key`, a retry records nothing new.',
  })
  @ApiAcceptedResponse({ type: ChangeReportedDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`errors` names each failing field (`services`, `summary`, `timestamp`, `links.0.href`…)' })
  report(@Req() request: IncomingRequest, @Body() body: ReportChangeDto) {
    return this.commands.execute(
      new ReportChangeCommand({
        services: body.services.map((s) => s.trim()),
        summary: body.summary,
        // A zone is required (the DTO): stored as UTC, as PagerDuty's route stores its timestamps.
        timestamp: body.timestamp === undefined ? undefined : zonedInstant(body.timestamp),
        source: body.source,
        customDetails: body.customDetails,
        links: (body.links ?? []).map(({ href, text }) => ({ href, ...(text !== undefined ? { text } : {}) })),
        request: requestContext(request),
      }),
    );
  }

  @Get('changes')
  @Access('viewer')
  @ApiOperation({
    summary: 'Recent changes to a service (deploys, configuration), newest first, cursor-paged',
    description:
      'What senders reported on `POST /v2/change/enqueue` (PagerDuty Change Events), so a responder sees what changed before an ' +
      "incident. Ordered by when the change happened (the sender's timestamp, else when received), newest first. Links are the " +
      "sender's, shown as given.",
  })
  @ApiOkResponse({ type: ChangePageDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`errors` names the failing parameter (`service`, `limit`, `cursor`)' })
  list(@Query() query: ChangeListQueryDto) {
    return this.queries.execute(new ListChangesQuery(query.service?.trim(), pageLimit(query), query.cursor));
  }
}
