import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, ProblemDetailsDto, RequestValidationException } from '@linchpin/platform';
import { GetTimelineQuery } from '../application/queries';
import { TimelineDto } from './timeline.dto';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

@ApiTags('review')
@Controller('review/incidents')
export class TimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/timeline')
  @Access('viewer')
  @ApiOperation({
    summary: 'An incident’s timeline across every context, ordered by when each step was recorded',
    description:
      'Review learns what the other contexts did from the bus, so the timeline lags them by the bus. ' +
      'With `?at=<ISO time>`, the answer also holds the incident’s state rebuilt from the entries recorded at or before that moment.',
  })
  @ApiQuery({ name: 'at', required: false, description: 'ISO 8601 time with a zone, e.g. 2026-01-01T10:00:00Z', schema: { type: 'string', format: 'date-time' } })
  @ApiOkResponse({ type: TimelineDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`at` is not an ISO 8601 time' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Nothing is known (yet) about this incident' })
  timeline(@Param('id', ParseUUIDPipe) id: string, @Query('at') at?: string) {
    return this.queries.execute(new GetTimelineQuery(id, at === undefined ? undefined : parseAt(at)));
  }
}

function parseAt(value: string): Date {
  const date = new Date(value);
  if (!ISO_TIME.test(value) || Number.isNaN(date.getTime())) {
    throw new RequestValidationException([{ field: 'at', reason: 'at must be an ISO 8601 date-time with a zone, e.g. 2026-01-01T10:00:00Z' }]);
  }
  return date;
}
