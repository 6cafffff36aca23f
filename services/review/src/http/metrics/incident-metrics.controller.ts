import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, ProblemDetailsDto, UuidParamPipe } from '@linchpin/platform';
import { GetIncidentMetricsQuery } from '../../application/metrics/incident-metrics.query';
import { parseAtQuery } from '../at-query';
import { IncidentMetricsDto } from './incident-metrics.dto';

@ApiTags('review')
@Controller('review/incidents')
export class IncidentMetricsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/metrics')
  @Access('viewer')
  @ApiOperation({
    summary: 'An incident’s response metrics (times to detect, acknowledge, mitigate, resolve; escalations, responders, pages, updates, SLA breaches)',
    description:
      'Computed only from the events on the incident’s timeline, by when each happened (its event time), under the definitions of the README’s "Metrics" ' +
      '(their version in `definitions`). Lags the other contexts by the bus. With `?at=<ISO time>`, only the events that happened by then count.',
  })
  @ApiQuery({ name: 'at', required: false, description: 'ISO 8601 time with a zone, e.g. 2026-01-01T10:00:00Z', schema: { type: 'string', format: 'date-time' } })
  @ApiOkResponse({ type: IncidentMetricsDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`at` is not an ISO 8601 time' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Nothing is known (yet) about this incident' })
  metrics(@Param('id', UuidParamPipe) id: string, @Query('at') at?: string) {
    return this.queries.execute(new GetIncidentMetricsQuery(id, at === undefined ? undefined : parseAtQuery(at)));
  }
}
