import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Access, IncomingRequest, pageLimit, PageQueryDto, ProblemDetailsDto, requestContext, UuidParamPipe } from '@linchpin/platform';
import {
  CreateEscalationPolicyCommand,
  GetEscalationPolicyQuery,
  ListEscalationPoliciesQuery,
  PolicyVersion,
  RetireEscalationPolicyCommand,
  UpdateEscalationPolicyCommand,
} from '../application/escalation-policy.commands';
import { EscalationPolicyDefinition } from '../domain/escalation/escalation-policy';
import { CreateEscalationPolicyDto, EscalationPolicyDto, EscalationPolicyFieldsDto, EscalationPolicyPageDto, PolicyVersionDto, UpdateEscalationPolicyDto } from './escalation-policy.dto';

const definitionOf = (body: EscalationPolicyFieldsDto): EscalationPolicyDefinition => ({
  name: body.name,
  levels: body.levels.map((level) => ({ targets: level.targets.map((t) => ({ kind: t.kind, id: t.id })), timeoutMinutes: level.timeoutMinutes })),
  repeat: body.repeat,
  ...(body.acknowledgementTimeoutMinutes != null ? { acknowledgementTimeoutMinutes: body.acknowledgementTimeoutMinutes } : {}),
});

@ApiTags('coordination: escalation policies')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('coordination/escalation-policies')
export class EscalationPoliciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Access('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create an escalation policy (version 1)',
    description: 'Target ids are not checked here: when a level is reached, a target that gives nobody (unknown, retired, a schedule gap, an empty team) is skipped with the reason.',
  })
  @ApiCreatedResponse({ type: PolicyVersionDto })
  create(@Body() body: CreateEscalationPolicyDto, @Req() request: IncomingRequest): Promise<PolicyVersion> {
    return this.commands.execute(new CreateEscalationPolicyCommand({ policy: definitionOf(body), request: requestContext(request) }));
  }

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'List active escalation policies by name, cursor-paged' })
  @ApiOkResponse({ type: EscalationPolicyPageDto })
  list(@Query() query: PageQueryDto) {
    return this.queries.execute(new ListEscalationPoliciesQuery(pageLimit(query), query.cursor));
  }

  @Get(':id')
  @Access('viewer')
  @ApiOperation({ summary: 'One escalation policy at its latest version (a retired one too)' })
  @ApiOkResponse({ type: EscalationPolicyDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown policy' })
  get(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new GetEscalationPolicyQuery(id));
  }

  @Put(':id')
  @Access('admin')
  @ApiOperation({ summary: 'Replace the definition: a new version (the same definition again records nothing and answers the current version)' })
  @ApiOkResponse({ type: PolicyVersionDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown policy' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`escalation_policy_stale` (basedOnVersion is not the current version) or `escalation_policy_retired`' })
  update(@Param('id', UuidParamPipe) id: string, @Body() body: UpdateEscalationPolicyDto, @Req() request: IncomingRequest): Promise<PolicyVersion> {
    return this.commands.execute(
      new UpdateEscalationPolicyCommand({
        policyId: id,
        policy: definitionOf(body),
        ...(body.basedOnVersion != null ? { basedOnVersion: body.basedOnVersion } : {}),
        request: requestContext(request),
      }),
    );
  }

  @Delete(':id')
  @Access('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire the policy: a last version; no change after. Escalations under way keep the snapshot they started with.' })
  @ApiQuery({ name: 'basedOnVersion', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ type: PolicyVersionDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown policy' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`escalation_policy_retired` (already) or `escalation_policy_stale`' })
  retire(
    @Param('id', UuidParamPipe) id: string,
    @Req() request: IncomingRequest,
    @Query('basedOnVersion', new ParseIntPipe({ optional: true })) basedOnVersion?: number,
  ): Promise<PolicyVersion> {
    return this.commands.execute(new RetireEscalationPolicyCommand({ policyId: id, ...(basedOnVersion != null ? { basedOnVersion } : {}), request: requestContext(request) }));
  }
}
