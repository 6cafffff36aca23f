import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ProblemDetailsDto, UuidParamPipe } from '@linchpin/platform';
import { PersonOnCallQuery } from '../application/person-oncall';
import { PersonOnCallDto, PersonOnCallQueryDto } from './person-oncall.dto';

@ApiTags('coordination: people')
@Controller('coordination/people')
export class PersonOnCallController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/oncall')
  @Access('viewer')
  @ApiOperation({
    summary: 'When a person is next on call, their teams, and what is open on them',
    description:
      'Every active schedule they take part in, with their shift holding `from` and their next one (computed from each schedule in force now); ' +
      'their active teams with their on-call order; the unresolved incidents they were paged for. The range is `from` (default now) to `to` (default 14 days later, at most 93).',
  })
  @ApiOkResponse({ type: PersonOnCallDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A bad `from`/`to` (not an instant, `to` not after `from`, more than 93 days) or id' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown person' })
  onCall(@Param('id', UuidParamPipe) id: string, @Query() query: PersonOnCallQueryDto): Promise<PersonOnCallDto> {
    return this.queries.execute(new PersonOnCallQuery(id, query.from, query.to));
  }
}
