import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext } from '@linchpin/platform';
import { GetUpdateTemplatesQuery, ListUpdateTemplateVersionsQuery, VersionUpdateTemplatesCommand } from '../application/update-templates.commands';
import { UpdateTemplatesChangedDto, UpdateTemplatesChangeDto, UpdateTemplatesViewDto, UpdateTemplateVersionsDto } from './update-templates.dto';

@ApiTags('comms: update templates')
@Controller('comms')
export class UpdateTemplatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('update-templates')
  @Access('viewer')
  @ApiOperation({ summary: 'The status update templates in force (per phase, with per-priority overrides), with their version' })
  @ApiOkResponse({ type: UpdateTemplatesViewDto })
  current() {
    return this.queries.execute(new GetUpdateTemplatesQuery());
  }

  @Put('update-templates')
  @Access('admin')
  @ApiOperation({
    summary: 'Publish new status update templates as the next version',
    description:
      'Updates posted without a message from then on are rendered from the new version and name it. ' +
      'Sending the current templates again publishes nothing (`changed: false`).',
  })
  @ApiOkResponse({ type: UpdateTemplatesChangedDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A template that does not compile or names something unknown: `errors` names each field' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`update_templates_stale`: `basedOnVersion` is not the current version' })
  change(@Body() body: UpdateTemplatesChangeDto, @Req() request: IncomingRequest) {
    return this.commands.execute(
      new VersionUpdateTemplatesCommand({ templates: body.templates, reason: body.reason, basedOnVersion: body.basedOnVersion, request: requestContext(request) }),
    );
  }

  @Get('update-templates/versions')
  @Access('viewer')
  @ApiOperation({ summary: 'Every version of the status update templates, oldest first (the built-in version 1 first)' })
  @ApiOkResponse({ type: UpdateTemplateVersionsDto })
  versions() {
    return this.queries.execute(new ListUpdateTemplateVersionsQuery());
  }
}
