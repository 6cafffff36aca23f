import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, pageLimit, ProblemDetailsDto } from '@linchpin/platform';
import { ListIncidentsQuery } from '../application/incident-list';
import { IncidentFilters, IncidentPriority, IncidentStatus } from '../application/incident-list.views';
import { IncidentListQueryDto, IncidentPageDto } from './incident-list.dto';

@ApiTags('coordination: incidents')
@Controller('coordination/incidents')
export class IncidentListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Access('viewer')
  @ApiOperation({
    summary: 'List incidents, newest first, filtered and cursor-paged',
    description:
      'Newest first by the time coordination opened the response (ties by id). Filters combine (all must hold); `status` and `priority` take several values. ' +
      'The cursor is opaque: send it back with the same filters. Coordination learns of incidents from triage over the bus, so the list lags triage by the bus.',
  })
  @ApiOkResponse({ type: IncidentPageDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A bad filter, limit or cursor: `errors` names each (e.g. `status`, `openedTo`, `cursor`)' })
  list(@Query() query: IncidentListQueryDto): Promise<IncidentPageDto> {
    const filters: IncidentFilters = {
      ...(query.status ? { statuses: query.status as IncidentStatus[] } : {}),
      ...(query.priority ? { priorities: query.priority as IncidentPriority[] } : {}),
      ...(query.team !== undefined ? { team: query.team } : {}),
      ...(query.service !== undefined ? { service: query.service } : {}),
      ...(query.responder !== undefined ? { responder: query.responder } : {}),
      ...(query.openedFrom !== undefined ? { openedFrom: query.openedFrom } : {}),
      ...(query.openedTo !== undefined ? { openedTo: query.openedTo } : {}),
      ...(query.paged !== undefined ? { paged: query.paged } : {}),
    };
    return this.queries.execute(new ListIncidentsQuery(filters, pageLimit(query), query.cursor));
  }
}
