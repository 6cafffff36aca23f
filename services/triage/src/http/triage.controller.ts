import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, invalidCursor, pageLimit, ProblemDetailsDto, UuidParamPipe } from '@linchpin/platform';
import { decodeCursor } from '../application/queue-order';
import { GetQueueQuery, GetTriageQuery } from '../application/triage.queries';
import { QueuePageDto, QueueQueryDto, TriageViewDto } from './triage.dto';

const LAGS =
  'Triage learns of incidents from detection, and of their response (status, mitigation, merges, SLA clocks) from coordination, through the bus: ' +
  'it may lag behind them.';

@ApiTags('triage')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('triage')
export class TriageController {
  constructor(private readonly queries: QueryBus) {}

  @Get('incidents/:incidentId')
  @Access('viewer')
  @ApiOperation({
    summary: "An incident's triage: priority, impact, urgency, matrix, route and rationale; its status, mitigation, merge and SLA clocks as coordination published them",
    description: `${LAGS} 404 until triage has received the incident.`,
  })
  @ApiOkResponse({ type: TriageViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Triage has not received this incident (yet): it may lag detection by the bus' })
  incident(@Param('incidentId', UuidParamPipe) incidentId: string) {
    return this.queries.execute(new GetTriageQuery(incidentId));
  }

  @Get('queue')
  @Access('viewer')
  @ApiOperation({
    summary: 'The triage queue',
    description:
      `Untriaged incidents and incidents nobody could be paged for first (\`triaged: false\`, \`status: unpaged\`), then by priority (P1 first), then oldest first. ` +
      `Merged incidents are left out (their survivor is listed). Each item's \`slaDueAt\` is its soonest running SLA clock's due time. ${LAGS}`,
  })
  @ApiOkResponse({ type: QueuePageDto })
  queue(@Query() query: QueueQueryDto) {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && after === undefined) throw invalidCursor();
    return this.queries.execute(new GetQueueQuery({ team: query.team, service: query.service, status: query.status ?? 'open' }, pageLimit(query), after));
  }
}
