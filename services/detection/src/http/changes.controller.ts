import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, pageLimit, ProblemDetailsDto } from '@linchpin/platform';
import { ListChangesQuery } from '../application/changes';
import { ChangeListQueryDto, ChangePageDto } from './change.dto';

@ApiTags('detection')
@Controller('detection')
export class ChangesController {
  constructor(private readonly queries: QueryBus) {}

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
