import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ProblemDetailsDto, RequestValidationException } from '@linchpin/platform';
import { WhatIfQuery } from '../application/what-if.query';
import { PriorityMatrix, validateMatrix } from '../domain/priority-matrix';
import { canonicalDefaultRoute, canonicalRules, DefaultRoute, RoutingRule, RoutingRuleSet, validateRuleSet } from '../domain/routing-rules';
import { WhatIfRequestDto } from './what-if.dto';

const PROPOSAL = { id: 'what-if', version: 0 };

@ApiTags('triage')
@Controller('triage/simulate')
export class WhatIfController {
  constructor(private readonly queries: QueryBus) {}

  @Post()
  @Access('viewer')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'What if: replay past incidents through a proposed matrix and rule set',
    description:
      'Takes every incident detected in [from, to), replays the evidence triage recorded for it (detection\'s assessments and the ' +
      "catalog's tiers, in the order they came; a person's override stands as given) through the proposal, and returns for each " +
      'incident the priority and team it got and would have got, with totals: incidents per final priority and incidents (hence ' +
      'pages) per team, actual, simulated and the difference. Writes nothing. The proposal is named `what-if` v0 in the answer.',
  })
  @ApiOkResponse({ description: '`{ range, proposal, current, totals: { incidents, changed, byPriority, pagesPerTeam }, incidents: [...] }`' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`errors` names each bad field (cells, rules, times).' })
  simulate(@Body() body: WhatIfRequestDto) {
    const errors = [
      ...(Date.parse(body.to) <= Date.parse(body.from) ? [{ field: 'to', reason: 'must be after from' }] : []),
      ...(body.matrix ? validateMatrix(body.matrix.cells).map((e) => ({ ...e, field: `matrix.${e.field}` })) : []),
      ...(body.routing ? validateRuleSet(body.routing).map((e) => ({ ...e, field: `routing.${e.field}` })) : []),
    ];
    if (errors.length > 0) throw new RequestValidationException(errors);
    const matrix: PriorityMatrix | undefined = body.matrix ? { ...PROPOSAL, cells: body.matrix.cells as PriorityMatrix['cells'] } : undefined;
    const rules: RoutingRuleSet | undefined = body.routing
      ? {
          ...PROPOSAL,
          rules: canonicalRules(body.routing.rules as RoutingRule[]),
          defaultRoute: canonicalDefaultRoute(body.routing.defaultRoute as DefaultRoute),
        }
      : undefined;
    return this.queries.execute(new WhatIfQuery(new Date(body.from).toISOString(), new Date(body.to).toISOString(), matrix, rules));
  }
}
