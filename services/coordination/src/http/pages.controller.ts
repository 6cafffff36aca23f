import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ProblemDetailsDto, UuidParamPipe } from '@linchpin/platform';
import { ExplainPageQuery } from '../application/page-explanation';
import { PageExplanationDto } from './page-explanation.dto';

@ApiTags('coordination: incidents')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'The page id is not a UUID' })
@Controller('coordination/pages')
export class PagesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/explain')
  @Access('viewer')
  @ApiOperation({
    summary: 'Why was I paged?',
    description:
      "The incident, the escalation policy (id, version, source), the pass and level, the target that chose this person (a person, a schedule's layer or override with the schedule's version, a team's on-call order), the contact method, who else was paged or on call at that level and why not them, and the reasons: all as recorded when the page was decided, not as things stand today.",
  })
  @ApiOkResponse({ type: PageExplanationDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No page of that id' })
  explain(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new ExplainPageQuery(id));
  }
}
