import { Body, Controller, Get, Param, ParseIntPipe, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@linchpin/eventsourcing';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, RequestValidationException } from '@linchpin/platform';
import { VersionPriorityMatrixCommand, VersionRoutingRulesCommand, Versioned } from '../application/triage-config.handlers';
import { TriageConfigProjection } from '../application/triage-config.projection';
import {
  PriorityMatrixChangedDto,
  PriorityMatrixChangeDto,
  PriorityMatrixVersionsDto,
  PriorityMatrixViewDto,
  RoutingRulesChangedDto,
  RoutingRulesChangeDto,
  RoutingRulesVersionsDto,
  RoutingRulesViewDto,
} from './triage-config.dto';

const flat = <T extends object>({ changed, current }: Versioned<T>) => ({ ...current, changed });

const versionPipe = new ParseIntPipe({
  exceptionFactory: () => new RequestValidationException([{ field: 'version', reason: 'must be a whole number' }]),
});

const APPLIES =
  'A new version applies to incidents triaged from then on; incidents already triaged keep the version they name. ' +
  'Sending the current content again publishes nothing (`changed: false`).';

@ApiTags('triage: configuration')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('triage')
export class TriageConfigController {
  constructor(
    private readonly commands: CommandBus,
    private readonly config: TriageConfigProjection,
  ) {}

  @Get('priority-matrix')
  @Access('viewer')
  @ApiOperation({ summary: 'The current priority matrix (ITIL impact × urgency → P1–P5), with its version' })
  @ApiOkResponse({ type: PriorityMatrixViewDto })
  matrix() {
    return this.config.currentMatrix();
  }

  @Put('priority-matrix')
  @Access('admin')
  @ApiOperation({
    summary: 'Publish new cells as the next version of the priority matrix',
    description: `${APPLIES} Cells that are not 4×4 of P1–P5, or not monotone, are a 400 naming each cell (\`cells.<row>.<column>\`).`,
  })
  @ApiOkResponse({ type: PriorityMatrixChangedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`basedOnVersion` is not the current version: reload and edit that' })
  async changeMatrix(@Body() body: PriorityMatrixChangeDto, @Req() request: IncomingRequest) {
    return flat(
      await this.commands.execute(
        new VersionPriorityMatrixCommand({ cells: body.cells, reason: body.reason, basedOnVersion: body.basedOnVersion, request: requestContext(request) }),
      ),
    );
  }

  @Get('priority-matrix/versions')
  @Access('viewer')
  @ApiOperation({ summary: 'Every version of the priority matrix, oldest first' })
  @ApiOkResponse({ type: PriorityMatrixVersionsDto })
  async matrixVersions() {
    return { items: (await this.config.history()).matrices };
  }

  @Get('priority-matrix/versions/:version')
  @Access('viewer')
  @ApiOperation({ summary: 'One version of the priority matrix (as named by an IncidentTriaged)' })
  @ApiParam({ name: 'version', type: Number })
  @ApiOkResponse({ type: PriorityMatrixViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async matrixVersion(@Param('version', versionPipe) version: number) {
    const matrix = await this.config.matrixVersion(version);
    if (!matrix) throw new NotFoundError('priority matrix version', String(version));
    return matrix;
  }

  @Get('routing-rules')
  @Access('viewer')
  @ApiOperation({ summary: 'The current routing rules, tried in order, and the default route, with their version' })
  @ApiOkResponse({ type: RoutingRulesViewDto })
  rules() {
    return this.config.currentRules();
  }

  @Put('routing-rules')
  @Access('admin')
  @ApiOperation({
    summary: 'Publish a rule list and default route as the next version of the routing rules',
    description:
      `${APPLIES} Each rule matches on service, labels, source and title text, and names a team (fixed, from a label, from the service catalog, ` +
      'or named like the service) and optionally an escalation policy. Duplicate ids, a title pattern that does not compile, or a rule without ' +
      'exactly one team source are a 400 naming the field (`rules.<index>.…`). `warnings` lists teams the rules name (the default route\'s, ' +
      "rules' fixed teams) that coordination has not created: an incident routed there pages nobody until the team exists.",
  })
  @ApiOkResponse({ type: RoutingRulesChangedDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`basedOnVersion` is not the current version: reload and edit that' })
  async changeRules(@Body() body: RoutingRulesChangeDto, @Req() request: IncomingRequest) {
    const { warnings, ...versioned } = await this.commands.execute(
      new VersionRoutingRulesCommand({
        rules: body.rules,
        defaultRoute: body.defaultRoute,
        reason: body.reason,
        basedOnVersion: body.basedOnVersion,
        request: requestContext(request),
      }),
    );
    return { ...flat(versioned), warnings };
  }

  @Get('routing-rules/versions')
  @Access('viewer')
  @ApiOperation({ summary: 'Every version of the routing rules, oldest first' })
  @ApiOkResponse({ type: RoutingRulesVersionsDto })
  async rulesVersions() {
    return { items: (await this.config.history()).ruleSets };
  }

  @Get('routing-rules/versions/:version')
  @Access('viewer')
  @ApiOperation({ summary: 'One version of the routing rules (as named by an IncidentTriaged)' })
  @ApiParam({ name: 'version', type: Number })
  @ApiOkResponse({ type: RoutingRulesViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async rulesVersion(@Param('version', versionPipe) version: number) {
    const rules = await this.config.rulesVersion(version);
    if (!rules) throw new NotFoundError('routing rules version', String(version));
    return rules;
  }
}
