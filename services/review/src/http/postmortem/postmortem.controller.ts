import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Access, IncomingRequest, ProblemDetailsDto, requestContext, RequestValidationException, UuidParamPipe } from '@linchpin/platform';
import { PostmortemStatus, SECTION_NAMES, SectionName } from '../../domain/postmortem/postmortem.decider';
import {
  AddActionItemCommand,
  ChangePostmortemStatusCommand,
  EditPostmortemSectionCommand,
  OpenPostmortemCommand,
  UpdateActionItemCommand,
} from '../../application/postmortem/postmortem.commands';
import { ActionItemView, GetPostmortemQuery, PostmortemView } from '../../application/postmortem/postmortem.query';
import { ActionItemDto, AddActionItemDto, EditSectionDto, OptionalReasonDto, PostmortemDto, ReasonDto, UpdateActionItemDto } from './postmortem.dto';
import { postmortemMarkdown } from './postmortem-markdown';
import { POSTMORTEM_PAGE_CSP, postmortemHtml } from './postmortem-html';
import { refuseAnyBody } from './no-body';

const NOT_FOUND = { type: ProblemDetailsDto, description: 'No postmortem for this incident (or, opening one, nothing known of the incident yet)' };
const WORKFLOW_CONFLICT = { type: ProblemDetailsDto, description: '`invalid_transition`: the postmortem is not in a state this step leaves from' };

const sectionOf = (value: string): SectionName => {
  if ((SECTION_NAMES as readonly string[]).includes(value)) return value as SectionName;
  throw new RequestValidationException([{ field: 'section', reason: `section must be one of ${SECTION_NAMES.join(', ')}` }]);
};

/** An incident's postmortem: `/review/incidents/{id}/postmortem…`. Viewers read, responders write, incident-managers publish. */
@ApiTags('review')
@Controller('review/incidents')
export class PostmortemController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private view(incidentId: string): Promise<PostmortemView> {
    return this.queries.execute(new GetPostmortemQuery(incidentId));
  }

  @Get(':id/postmortem')
  @Access('viewer')
  @ApiOperation({
    summary: 'An incident’s postmortem: the facts prefilled from its timeline, the sections people wrote, action items, workflow',
    description:
      'Summary, impact, metrics and a timeline excerpt are read from review’s own timeline of the incident whenever it is shown (a published ' +
      'postmortem: as they stood at its publication). Opened when the incident resolves at a priority the postmortem policy requires, or by a responder.',
  })
  @ApiOkResponse({ type: PostmortemDto })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@Param('id', UuidParamPipe) id: string): Promise<PostmortemView> {
    return this.view(id);
  }

  @Get(':id/postmortem.md')
  @Access('viewer')
  @Header('Content-Type', 'text/markdown; charset=utf-8')
  @ApiOperation({ summary: 'The postmortem as Markdown', description: 'People’s sections as they wrote them (Markdown), any raw HTML in them neutralised.' })
  @ApiOkResponse({ description: 'A Markdown document', content: { 'text/markdown': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse(NOT_FOUND)
  async markdown(@Param('id', UuidParamPipe) id: string): Promise<string> {
    return postmortemMarkdown(await this.view(id));
  }

  @Get(':id/postmortem.html')
  @Access('viewer')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', POSTMORTEM_PAGE_CSP)
  @ApiOperation({ summary: 'The postmortem as an HTML page', description: 'Server-rendered, no script; every text escaped (a section is shown as written, never run as HTML).' })
  @ApiOkResponse({ description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse(NOT_FOUND)
  async html(@Param('id', UuidParamPipe) id: string): Promise<string> {
    return postmortemHtml(await this.view(id));
  }

  @Post(':id/postmortem')
  @Access('responder')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a postmortem for any incident (a draft)', description: '404 until review has heard of the incident; 409 `already_open` when it has one.' })
  @ApiCreatedResponse({ type: PostmortemDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'Nothing is known (yet) about this incident' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`already_open`' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A body with any property, or one that is no JSON object (this route takes none)' })
  async open(@Param('id', UuidParamPipe) id: string, @Body() body: unknown, @Req() request: IncomingRequest): Promise<PostmortemView> {
    refuseAnyBody(body);
    await this.commands.execute(new OpenPostmortemCommand({ incidentId: id, request: requestContext(request) }));
    return this.view(id);
  }

  @Put(':id/postmortem/sections/:section')
  @Access('responder')
  @ApiParam({ name: 'section', enum: SECTION_NAMES })
  @ApiOperation({
    summary: 'Write a section (contributing factors, what went well, what went poorly, lessons)',
    description: 'Recorded as `PostmortemSectionEdited` (the text before it kept). The same text again records nothing. 409 `postmortem_published`: reopen it first.',
  })
  @ApiOkResponse({ type: PostmortemDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'An unknown `section`, a missing or too long `text`' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetailsDto, description: '`postmortem_published`' })
  async editSection(@Param('id', UuidParamPipe) id: string, @Param('section') section: string, @Body() body: EditSectionDto, @Req() request: IncomingRequest): Promise<PostmortemView> {
    await this.commands.execute(new EditPostmortemSectionCommand({ incidentId: id, section: sectionOf(section), text: body.text, request: requestContext(request) }));
    return this.view(id);
  }

  @Post(':id/postmortem/action-items')
  @Access('responder')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add an action item (owner, due date), linked to the incident',
    description: 'Recorded as `ActionItemAdded`. With a due date, a durable timer reminds (`ActionItemOverdue`) at the end of that day, UTC, while it is open. Allowed in every status: follow-ups go on after publication.',
  })
  @ApiCreatedResponse({ type: ActionItemDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A blank `title` or `owner`, a `dueDate` that is no calendar day' })
  @ApiNotFoundResponse(NOT_FOUND)
  async addActionItem(@Param('id', UuidParamPipe) id: string, @Body() body: AddActionItemDto, @Req() request: IncomingRequest): Promise<ActionItemView> {
    const { actionItemId } = await this.commands.execute(
      new AddActionItemCommand({ incidentId: id, title: body.title, owner: body.owner, dueDate: body.dueDate ?? null, request: requestContext(request) }),
    );
    return (await this.view(id)).actionItems.find((i) => i.actionItemId === actionItemId)!;
  }

  @Patch(':id/postmortem/action-items/:actionItemId')
  @Access('responder')
  @ApiOperation({
    summary: 'Change an action item: title, owner, due date, status (open, done, cancelled)',
    description: 'Recorded as `ActionItemUpdated` (the item as it is now). Done or cancelled cancels its reminder; a new due date moves it.',
  })
  @ApiOkResponse({ type: ActionItemDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A blank `title` or `owner`, a `dueDate` that is no calendar day, an unknown `status`' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No postmortem, or no such action item' })
  async updateActionItem(
    @Param('id', UuidParamPipe) id: string,
    @Param('actionItemId', UuidParamPipe) actionItemId: string,
    @Body() body: UpdateActionItemDto,
    @Req() request: IncomingRequest,
  ): Promise<ActionItemView> {
    const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    await this.commands.execute(new UpdateActionItemCommand({ incidentId: id, actionItemId, changes, request: requestContext(request) }));
    return (await this.view(id)).actionItems.find((i) => i.actionItemId === actionItemId)!;
  }

  @Post(':id/postmortem/review')
  @Access('responder')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask for review: draft → in review', description: '409 `invalid_transition` from any other status.' })
  @ApiOkResponse({ type: PostmortemDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A body with any property, or one that is no JSON object (this route takes none)' })
  @ApiConflictResponse(WORKFLOW_CONFLICT)
  requestReview(@Param('id', UuidParamPipe) id: string, @Body() body: unknown, @Req() request: IncomingRequest): Promise<PostmortemView> {
    refuseAnyBody(body);
    return this.move(id, 'draft', 'in-review', null, request);
  }

  @Post(':id/postmortem/return-to-draft')
  @Access('responder')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send back for changes: in review → draft', description: '409 `invalid_transition` from any other status (a published one is reopened).' })
  @ApiOkResponse({ type: PostmortemDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A blank or too long `reason`' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(WORKFLOW_CONFLICT)
  returnToDraft(@Param('id', UuidParamPipe) id: string, @Body() body: OptionalReasonDto, @Req() request: IncomingRequest): Promise<PostmortemView> {
    return this.move(id, 'in-review', 'draft', body.reason ?? null, request);
  }

  @Post(':id/postmortem/publish')
  @Access('incident-manager')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish: in review → published', description: 'Its facts and figures then read as of this moment. 409 `invalid_transition` unless in review.' })
  @ApiOkResponse({ type: PostmortemDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A body with any property, or one that is no JSON object (this route takes none)' })
  @ApiConflictResponse(WORKFLOW_CONFLICT)
  publish(@Param('id', UuidParamPipe) id: string, @Body() body: unknown, @Req() request: IncomingRequest): Promise<PostmortemView> {
    refuseAnyBody(body);
    return this.move(id, 'in-review', 'published', null, request);
  }

  @Post(':id/postmortem/reopen')
  @Access('incident-manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reopen a published postmortem: published → draft, with the reason',
    description: 'What was published stays in the stream (and the history says who reopened it and why). 409 `invalid_transition` unless published.',
  })
  @ApiOkResponse({ type: PostmortemDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'A missing, blank or too long `reason`' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(WORKFLOW_CONFLICT)
  reopen(@Param('id', UuidParamPipe) id: string, @Body() body: ReasonDto, @Req() request: IncomingRequest): Promise<PostmortemView> {
    return this.move(id, 'published', 'draft', body.reason, request);
  }

  /** Each route is one step of the workflow: from one status to another (409 `invalid_transition` from any other). */
  private async move(id: string, from: PostmortemStatus, to: PostmortemStatus, reason: string | null, request: IncomingRequest): Promise<PostmortemView> {
    await this.commands.execute(new ChangePostmortemStatusCommand({ incidentId: id, from, to, reason, request: requestContext(request) }));
    return this.view(id);
  }
}
