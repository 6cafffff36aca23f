import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@linchpin/eventsourcing';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, RequestValidationException, ServiceNameParamPipe, UuidParamPipe } from '@linchpin/platform';
import { CorrelationPoliciesProjection, IntegrationsProjection, IntegrationView, MaintenanceProjection } from '../application/config-projections';
import {
  CancelMaintenanceCommand,
  ChangeIntegrationSettingsCommand,
  CreateIntegrationCommand,
  RevokeIntegrationKeyCommand,
  ScheduleMaintenanceCommand,
  SetCorrelationPolicyCommand,
} from '../application/configuration.handlers';
import { DEFAULT_FLAPPING } from '../domain/flapping';
import { DEFAULT_GRACE_MINUTES, DEFAULT_HEARTBEAT_SEVERITY } from '../domain/heartbeat.decider';
import { IntegrationSettings, LogRule } from '../domain/integration.decider';
import {
  CorrelationPolicyDto,
  CorrelationPolicyViewDto,
  CreatedIntegrationDto,
  CreateIntegrationDto,
  IntegrationDto,
  IntegrationSettingsDto,
  MaintenanceWindowDto,
  MaintenanceWindowViewDto,
} from './configuration.dto';

const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;
const SETTINGS_FIELDS = ['fingerprintFields', 'flapping', 'rateLimitPerMinute', 'logRules', 'heartbeat'] as const satisfies readonly (keyof IntegrationSettingsDto)[];

const settingsOf = (dto: IntegrationSettingsDto): IntegrationSettings => ({
  ...(dto.fingerprintFields ? { fingerprintFields: dto.fingerprintFields } : {}),
  flapping: dto.flapping ? { maxChanges: dto.flapping.maxChanges, windowSeconds: dto.flapping.windowSeconds } : DEFAULT_FLAPPING,
  rateLimitPerMinute: dto.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
  ...(dto.logRules ? { logRules: dto.logRules.map((r) => ({ ...r }) as LogRule) } : {}),
  ...(dto.heartbeat
    ? {
        heartbeat: {
          intervalMinutes: dto.heartbeat.intervalMinutes,
          graceMinutes: dto.heartbeat.graceMinutes ?? DEFAULT_GRACE_MINUTES,
          severity: dto.heartbeat.severity ?? DEFAULT_HEARTBEAT_SEVERITY,
        },
      }
    : {}),
});

const endpointOf = (integration: IntegrationView): string =>
  integration.kind === 'pagerduty' ? '/v2/enqueue' : `/detection/integrations/${integration.kind}/{key}`;

const viewOf = (integration: IntegrationView) => ({
  integrationId: integration.integrationId,
  name: integration.name,
  kind: integration.kind,
  service: integration.service,
  status: integration.status,
  keyHint: integration.keyHint,
  version: integration.version,
  endpoint: endpointOf(integration),
  settings: integration.settings,
});


@ApiTags('detection: configuration')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: '`errors` names each failing field' })
@Controller('detection')
export class ConfigurationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly integrations: IntegrationsProjection,
    private readonly maintenance: MaintenanceProjection,
    private readonly policies: CorrelationPoliciesProjection,
  ) {}

  @Post('integrations')
  @Access('admin')
  @ApiOperation({ summary: 'Create an integration and its key', description: 'The key is in this answer only; it is stored hashed.' })
  @ApiCreatedResponse({ type: CreatedIntegrationDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'A setting the kind does not take (a `pagerduty` integration deduplicates by `dedup_key`: no `fingerprintFields`)' })
  async createIntegration(@Req() request: IncomingRequest, @Body() body: CreateIntegrationDto) {
    const { integration, key } = await this.commands.execute(
      new CreateIntegrationCommand({ name: body.name, kind: body.kind, service: body.service, settings: settingsOf(body), request: requestContext(request) }),
    );
    return { ...viewOf(integration), key };
  }

  @Get('integrations')
  @Access('viewer')
  @ApiOperation({ summary: 'Integrations (never their keys)' })
  @ApiOkResponse({ type: [IntegrationDto] })
  async listIntegrations() {
    return (await this.integrations.all()).map(viewOf);
  }

  @Get('integrations/:integrationId')
  @Access('viewer')
  @ApiOkResponse({ type: IntegrationDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async integration(@Param('integrationId', UuidParamPipe) integrationId: string) {
    const integration = await this.integrations.get(integrationId);
    if (!integration) throw new NotFoundError('integration', integrationId);
    return viewOf(integration);
  }

  @Put('integrations/:integrationId/settings')
  @Access('admin')
  @ApiOperation({
    summary: "Change an integration's dedup fields, flapping policy, rate limit, log rules or heartbeat",
    description:
      'A new settings version. The body replaces every setting (an omitted one returns to its default) and must set at least one: ' +
      'no body, or `{}`, is a 400 naming `body` (it would silently wipe them all).',
  })
  @ApiOkResponse({ type: IntegrationDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'A setting the kind does not take (a `pagerduty` integration deduplicates by `dedup_key`: no `fingerprintFields`)' })
  async changeSettings(@Req() request: IncomingRequest, @Param('integrationId', UuidParamPipe) integrationId: string, @Body() body: IntegrationSettingsDto) {
    // A PUT replaces every setting: an empty one would silently reset dedup fields, flapping, rate limit and log rules.
    if (SETTINGS_FIELDS.every((field) => body[field] === undefined)) {
      throw new RequestValidationException([{ field: 'body', reason: `must set at least one of ${SETTINGS_FIELDS.join(', ')}; to return to a default, send it (e.g. {"rateLimitPerMinute": ${DEFAULT_RATE_LIMIT_PER_MINUTE}})` }]);
    }
    await this.assertIntegration(integrationId);
    return viewOf(await this.commands.execute(new ChangeIntegrationSettingsCommand({ integrationId, settings: settingsOf(body), request: requestContext(request) })));
  }

  @Post('integrations/:integrationId/revoke')
  @Access('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Revoke an integration's key", description: 'Its sender then gets its own error format (404, or PagerDuty 400). Revoking twice is harmless.' })
  @ApiOkResponse({ type: IntegrationDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async revoke(@Req() request: IncomingRequest, @Param('integrationId', UuidParamPipe) integrationId: string) {
    await this.assertIntegration(integrationId);
    return viewOf(await this.commands.execute(new RevokeIntegrationKeyCommand({ integrationId, request: requestContext(request) })));
  }

  @Post('maintenance-windows')
  @Access('admin')
  @ApiOperation({ summary: 'Schedule a maintenance window', description: 'Matching alerts are recorded (see explain) but open no incident while it lasts.' })
  @ApiCreatedResponse({ type: MaintenanceWindowViewDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'endsAt not after startsAt, or neither services nor labels given' })
  async schedule(@Req() request: IncomingRequest, @Body() body: MaintenanceWindowDto) {
    const window = await this.commands.execute(
      new ScheduleMaintenanceCommand({
        name: body.name,
        startsAt: new Date(body.startsAt).toISOString(),
        endsAt: new Date(body.endsAt).toISOString(),
        services: body.services ?? [],
        labels: body.labels ?? {},
        request: requestContext(request),
      }),
    );
    return { ...window, cancelled: false };
  }

  @Get('maintenance-windows')
  @Access('viewer')
  @ApiOkResponse({ type: [MaintenanceWindowViewDto] })
  async windows() {
    return this.maintenance.all();
  }

  @Post('maintenance-windows/:windowId/cancel')
  @Access('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: MaintenanceWindowViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async cancel(@Req() request: IncomingRequest, @Param('windowId', UuidParamPipe) windowId: string) {
    if (!(await this.maintenance.get(windowId))) throw new NotFoundError('maintenance window', windowId);
    await this.commands.execute(new CancelMaintenanceCommand({ windowId, request: requestContext(request) }));
    return this.maintenance.get(windowId);
  }

  @Put('services/:service/correlation')
  @Access('admin')
  @ApiOperation({
    summary: "Set a service's correlation policy",
    description: 'Its alerts with the same `groupBy` label values within `windowSeconds` of the group\'s last alert join one incident. Each change is a new version.',
  })
  @ApiOkResponse({ type: CorrelationPolicyViewDto })
  async setPolicy(@Req() request: IncomingRequest, @Param('service', new ServiceNameParamPipe()) service: string, @Body() body: CorrelationPolicyDto) {
    return this.commands.execute(
      new SetCorrelationPolicyCommand({ service, enabled: body.enabled ?? true, groupBy: body.groupBy, windowSeconds: body.windowSeconds, request: requestContext(request) }),
    );
  }

  @Get('services/:service/correlation')
  @Access('viewer')
  @ApiOkResponse({ type: CorrelationPolicyViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No policy: its alerts group only by their sender\'s group, if any.' })
  async policy(@Param('service', new ServiceNameParamPipe()) service: string) {
    const policy = await this.policies.of(service);
    if (!policy) throw new NotFoundError('correlation policy of service', service);
    return policy;
  }

  private async assertIntegration(integrationId: string): Promise<void> {
    if (!(await this.integrations.get(integrationId))) throw new NotFoundError('integration', integrationId);
  }
}
