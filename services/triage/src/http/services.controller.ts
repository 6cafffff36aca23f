import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Injectable, Param, PipeTransform, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, NotFoundError } from '@linchpin/eventsourcing';
import { Access, decodeCursor, encodeCursor, IncomingRequest, pageLimit, ProblemDetailsDto, requestContext, RequestValidationException } from '@linchpin/platform';
import { RegisterServiceCommand, RetireServiceCommand, UpdateServiceCommand } from '../application/service-catalog.handlers';
import { ServiceCatalogProjection } from '../application/service-catalog.projection';
import { isServiceName, SERVICE_NAME_PATTERN, ServiceEntry, ServiceSpec, Tier } from '../domain/service-catalog.decider';
import { criticality, dependentsOf } from '../domain/service-graph';
import { CreateServiceDto, DependentsDto, ServiceDto, ServiceFieldsDto, ServicePageDto, ServicesQueryDto, UpdateServiceDto } from './services.dto';

/** A name in the path that no service could have is a client error, named like a body field. */
@Injectable()
export class ServiceNamePipe implements PipeTransform<string, string> {
  /** What the OpenAPI document says of the parameter (the platform reads it, see DocumentedPipe). */
  static readonly openApiSchema = { type: 'string', pattern: SERVICE_NAME_PATTERN.source } as const;

  transform(value: string): string {
    if (!isServiceName(value)) throw new RequestValidationException([{ field: 'name', reason: `"${value}" is not a service name` }]);
    return value;
  }
}

const specOf = (name: string, body: ServiceFieldsDto): ServiceSpec => ({
  name,
  ...(body.displayName != null ? { displayName: body.displayName } : {}),
  tier: body.tier as Tier,
  owningTeam: body.owningTeam,
  ...(body.escalationPolicy != null ? { escalationPolicy: body.escalationPolicy } : {}),
  ...(body.businessHours != null
    ? { businessHours: { timezone: body.businessHours.timezone, days: body.businessHours.days, start: body.businessHours.start, end: body.businessHours.end } }
    : {}),
  dependsOn: body.dependsOn ?? [],
});

/** Absent optional fields are null, so every answer has the same keys. */
const viewOf = (entry: ServiceEntry): ServiceDto => ({
  name: entry.name,
  displayName: entry.displayName ?? null,
  tier: entry.tier,
  owningTeam: entry.owningTeam,
  escalationPolicy: entry.escalationPolicy ?? null,
  businessHours: entry.businessHours ?? null,
  dependsOn: entry.dependsOn,
  version: entry.version,
  registeredAt: entry.registeredAt,
  updatedAt: entry.updatedAt,
});

/** The cursor is the last name of the previous page. */
const isNameKey = (key: unknown[]): key is [string] => key.length === 1 && typeof key[0] === 'string' && isServiceName(key[0]);

/** The decider says "unknown" for a name never registered or retired: over HTTP that is a missing resource. */
const notFoundIfUnknown = (name: string) => (error: unknown) => {
  if (error instanceof DomainError && error.code === 'service-unknown') throw new NotFoundError('service', name);
  throw error;
};

@ApiTags('triage: service catalog')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field' })
@Controller('triage/services')
export class ServicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly catalog: ServiceCatalogProjection,
  ) {}

  @Post()
  @Access('admin')
  @ApiOperation({
    summary: 'Register a service',
    description: 'Its name is the `service` label its alerts carry. A retired name may be registered again (its versions continue).',
  })
  @ApiCreatedResponse({ type: ServiceDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`service-exists`: the name is registered; `service-depends-on-itself`' })
  async register(@Body() body: CreateServiceDto, @Req() request: IncomingRequest): Promise<ServiceDto> {
    return viewOf(await this.commands.execute(new RegisterServiceCommand({ service: specOf(body.name, body), request: requestContext(request) })));
  }

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'The active services, by name', description: 'Retired services are not listed.' })
  @ApiOkResponse({ type: ServicePageDto })
  async list(@Query() query: ServicesQueryDto): Promise<ServicePageDto> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isNameKey)[0];
    const limit = pageLimit(query);
    const matching = (await this.catalog.all()).filter(
      (s) => (after === undefined || s.name > after) && (query.team === undefined || s.owningTeam === query.team) && (query.tier === undefined || s.tier === query.tier),
    );
    const page = matching.slice(0, limit);
    return { items: page.map(viewOf), nextCursor: matching.length > limit ? encodeCursor([page[page.length - 1].name]) : null };
  }

  @Get(':name')
  @Access('viewer')
  @ApiParam({ name: 'name', example: 'checkout' })
  @ApiOkResponse({ type: ServiceDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Not registered, or retired' })
  async get(@Param('name', ServiceNamePipe) name: string): Promise<ServiceDto> {
    return viewOf(await this.entry(name));
  }

  @Put(':name')
  @Access('admin')
  @ApiOperation({
    summary: "Replace a service's definition",
    description: 'Every field but the name; an optional field left out is removed. A change is a new version; the same definition again records nothing.',
  })
  @ApiParam({ name: 'name', example: 'checkout' })
  @ApiOkResponse({ type: ServiceDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Not registered, or retired' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`service-depends-on-itself`' })
  async update(@Param('name', ServiceNamePipe) name: string, @Body() body: UpdateServiceDto, @Req() request: IncomingRequest): Promise<ServiceDto> {
    if (body.name !== undefined && body.name !== name) {
      throw new RequestValidationException([{ field: 'name', reason: `a service cannot be renamed (path names ${name})` }]);
    }
    const entry = await this.commands
      .execute(new UpdateServiceCommand({ service: specOf(name, body), request: requestContext(request) }))
      .catch(notFoundIfUnknown(name));
    return viewOf(entry);
  }

  @Delete(':name')
  @Access('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Retire a service', description: 'It leaves the catalog and the service graph; its history stays. Retiring it again is harmless.' })
  @ApiParam({ name: 'name', example: 'checkout' })
  @ApiNoContentResponse({ description: 'Retired (or already retired)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Never registered' })
  async retire(@Param('name', ServiceNamePipe) name: string, @Req() request: IncomingRequest): Promise<void> {
    await this.commands.execute(new RetireServiceCommand({ name, request: requestContext(request) })).catch(notFoundIfUnknown(name));
  }

  @Get(':name/dependents')
  @Access('viewer')
  @ApiOperation({
    summary: 'The services that depend on it, transitively, with their tiers',
    description: 'And its criticality: the lowest tier among its own and its dependents\', with the path that gives it.',
  })
  @ApiParam({ name: 'name', example: 'payments-db' })
  @ApiOkResponse({ type: DependentsDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Not registered, or retired' })
  async dependents(@Param('name', ServiceNamePipe) name: string): Promise<DependentsDto> {
    const catalog = await this.catalog.snapshot();
    const entry = catalog.get(name);
    if (entry === undefined) throw new NotFoundError('service', name);
    const result = criticality(catalog, [name]);
    // A registered service always has a tier of its own, so the criticality has one too.
    if (result.tier === undefined) throw new Error(`service ${name} is in the catalog without a tier`);
    return {
      service: name,
      tier: entry.tier,
      dependents: dependentsOf(catalog, name),
      criticality: { tier: result.tier, via: { ...result.via, dependent: result.via.dependent ?? null }, reason: result.reason },
    };
  }

  private async entry(name: string): Promise<ServiceEntry> {
    const entry = await this.catalog.get(name);
    if (entry === undefined) throw new NotFoundError('service', name);
    return entry;
  }
}
