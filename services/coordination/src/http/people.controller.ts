import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { Access, IncomingRequest, OutboundGuard, pageLimit, PageQueryDto, ProblemDetailsDto, requestContext, RequestValidationException, UuidParamPipe } from '@linchpin/platform';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { GetPersonQuery, ListPeopleQuery, PersonSaved, RegisterPersonCommand, RetirePersonCommand, UpdatePersonCommand } from '../application/commands';
import { PersonInput } from '../domain/person.decider';
import { PersonDto, PersonPageDto, PersonSavedDto, PersonViewDto, refusedAddresses } from './person.dto';
import { AcceptedDto } from './incident.dto';

@ApiTags('coordination: people')
@ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Invalid input: `errors` names each failing field (e.g. `contactMethods.0.address`, `timeZone`)' })
@Controller('coordination/people')
export class PeopleController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outbound: OutboundGuard,
  ) {}

  @Post()
  @Access('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a person with contact methods and notification rules (default: every contact method at once)' })
  @ApiCreatedResponse({ type: PersonSavedDto })
  register(@Body() body: PersonDto, @Req() request: IncomingRequest): Promise<PersonSaved> {
    return this.commands.execute(new RegisterPersonCommand({ person: this.inputOf(body), request: requestContext(request) }));
  }

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'List people by name, cursor-paged (retired people included, with their status)' })
  @ApiOkResponse({ type: PersonPageDto })
  list(@Query() query: PageQueryDto) {
    return this.queries.execute(new ListPeopleQuery(pageLimit(query), query.cursor));
  }

  @Get(':id')
  @Access('viewer')
  @ApiOperation({ summary: 'One person' })
  @ApiOkResponse({ type: PersonViewDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown person' })
  get(@Param('id', UuidParamPipe) id: string) {
    return this.queries.execute(new GetPersonQuery(id));
  }

  @Put(':id')
  @Access('admin')
  @ApiOperation({
    summary: "Replace a person's details",
    description: 'Pass a contact method’s `id` back to keep it; a method without one gets a new id. 409 `person_retired` for a retired person.',
  })
  @ApiOkResponse({ type: PersonSavedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown person' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The person is retired' })
  update(@Param('id', UuidParamPipe) id: string, @Body() body: PersonDto, @Req() request: IncomingRequest): Promise<PersonSaved> {
    return this.commands.execute(new UpdatePersonCommand({ personId: id, person: this.inputOf(body), request: requestContext(request) }));
  }

  @Delete(':id')
  @Access('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retire a person: never paged again; any later change is a 409 `person_retired`' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Unknown person' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'Already retired' })
  retire(@Param('id', UuidParamPipe) id: string, @Req() request: IncomingRequest) {
    return this.commands.execute(new RetirePersonCommand({ personId: id, request: requestContext(request) }));
  }

  private inputOf(body: PersonDto): PersonInput {
    const refused = refusedAddresses(body.contactMethods, (url) => this.outbound.refusalOf(url));
    if (refused.length > 0) throw new RequestValidationException(refused);
    return {
      name: body.name,
      ...(body.email !== undefined ? { email: body.email } : {}),
      timeZone: body.timeZone ?? 'UTC',
      contactMethods: body.contactMethods.map((c) => ({ ...(c.id !== undefined ? { id: c.id } : {}), kind: c.kind, address: c.address, ...(c.label !== undefined ? { label: c.label } : {}) })),
      ...(body.notificationRules ? { notificationRules: body.notificationRules.map((r) => ({ contactMethod: r.contactMethod, afterMinutes: r.afterMinutes })) } : {}),
    };
  }
}
