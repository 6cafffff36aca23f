import { Body, Controller, Get, INestApplication, Module, Param, ParseIntPipe, PipeTransform, Post, Query } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiProperty, ApiPropertyOptional, OpenAPIObject } from '@nestjs/swagger';
import { InProcessBus } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { configureApp } from './configure-app';
import { createHttpAdapter, initApp } from './http-adapter';
import { InfrastructureModule } from './infrastructure.module';
import { Public } from './access/access.decorator';
import { ApiBodyContent } from './openapi-body-content.decorator';
import { OpenApiSchema } from './openapi-schema.decorator';
import { IsNotBlank, NoControlChars } from './text-validators';
import { PageQueryDto } from './paging';
import { ServiceDefinition } from './service-definition';
import { UuidParamPipe } from './uuid-param.pipe';

class NotePartDto {
  @ApiProperty() @IsString() @Matches(/^\d+\s\w+$/) code!: string;
}

@OpenApiSchema({ oneOf: [{ required: ['personId'] }, { required: ['teamId'] }] })
class NoteDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) text!: string;
  @ApiProperty({ enum: ['low', 'high'] }) @IsIn(['low', 'high']) level!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() personId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
  @ApiProperty() @IsInt() @Min(1) @Max(9) priority!: number;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @ArrayMaxSize(3) @ArrayUnique() @IsString({ each: true }) @IsNotEmpty({ each: true }) tags?: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() comment?: string | null;
  @ApiPropertyOptional({ type: NotePartDto }) @IsOptional() @ValidateNested() @Type(() => NotePartDto) part?: NotePartDto;
}

class LabelDto {
  @ApiProperty() @IsString() @NoControlChars() @IsNotBlank() @Matches(/^[a-z ]+$/) name!: string;
  @ApiProperty({ nullable: true, enum: ['on', 'off'] }) @IsOptional() @IsIn(['on', 'off']) state!: string | null;
}

class NoteCommentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) by?: string;
}

@OpenApiSchema({ oneOf: [{ required: ['personId'] }, { required: ['teamId'] }] })
class PickDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() personId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
}

class NotesQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() author?: string;
}

/** A pipe that says what it lets through. */
class SlugPipe implements PipeTransform<string, string> {
  static readonly openApiSchema = { type: 'string', pattern: '^[a-z]+$' } as const;
  transform(value: string): string {
    return value;
  }
}

@Public('a test controller: the document, not access, is under test')
@Controller('test/notes')
class NotesController {
  @Post()
  create(@Body() body: NoteDto): { ok: true; comment: string | null } {
    return { ok: true, comment: body.comment ?? null };
  }

  @Get()
  list(@Query() query: NotesQueryDto): { limit: number | undefined } {
    return { limit: query.limit };
  }

  @Post('labels')
  label(@Body() body: LabelDto): LabelDto {
    return body;
  }

  @Post('close')
  close(@Body() body: NoteCommentDto): { by: string | null } {
    return { by: body.by ?? null };
  }

  @Post('pick')
  pick(@Body() body: PickDto): PickDto {
    return body;
  }

  @Post('text')
  @ApiBodyContent({ 'application/json': { type: 'object' }, 'text/plain': { description: 'any text' } })
  text(@Body() body: unknown): { received: boolean } {
    return { received: body !== undefined };
  }

  @Get(':id')
  get(@Param('id', UuidParamPipe) id: string): { id: string } {
    return { id };
  }

  @Get('versions/:version')
  version(@Param('version', new ParseIntPipe()) version: number, @Query('basedOn', new ParseIntPipe({ optional: true })) basedOn?: number): { version: number; basedOn?: number } {
    return { version, ...(basedOn !== undefined ? { basedOn } : {}) };
  }

  @Get('slugs/:slug')
  slug(@Param('slug', SlugPipe) slug: string): { slug: string } {
    return { slug };
  }
}

const service: ServiceDefinition = { name: 'test', title: 'OpenAPI test service', defaultPort: 3999 };
const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } };

describe('the OpenAPI document says what the code does (configureApp)', () => {
  let app: INestApplication;
  let store: SqliteEventStore;
  let dir: string;
  let document: OpenAPIObject;
  const previousLogLevel = process.env.LOG_LEVEL;
  const previousAdminToken = process.env.LINCHPIN_ADMIN_TOKEN;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    // Else the process would create one and write it to ./data.
    process.env.LINCHPIN_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
    dir = mkdtempSync(join(tmpdir(), 'linchpin-openapi-'));
    store = new SqliteEventStore({ path: join(dir, 'test.db') });

    @Module({ imports: [InfrastructureModule.forRoot({ service, store, bus: new InProcessBus() })], controllers: [NotesController] })
    class TestAppModule {}

    const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    configureApp(app, service);
    await initApp(app);
    document = (await request(app.getHttpServer()).get('/openapi.json').expect(200)).body as OpenAPIObject;
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    process.env.LOG_LEVEL = previousLogLevel;
    if (previousAdminToken === undefined) delete process.env.LINCHPIN_ADMIN_TOKEN;
    else process.env.LINCHPIN_ADMIN_TOKEN = previousAdminToken;
  });

  const http = () => request(app.getHttpServer());
  const parameter = (path: string, name: string) => document.paths[path].get?.parameters?.find((p) => 'name' in p && p.name === name) as unknown as { schema: Record<string, unknown> };
  const schema = (name: string) => document.components?.schemas?.[name] as Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };

  it('documents a UuidParamPipe path parameter as a uuid, a ParseIntPipe one as an integer, and a pipe that says its schema with it', () => {
    expect(parameter('/test/notes/{id}', 'id').schema).toMatchObject({ type: 'string', format: 'uuid' });
    expect(parameter('/test/notes/versions/{version}', 'version').schema).toMatchObject({ type: 'integer' });
    expect(parameter('/test/notes/versions/{version}', 'basedOn').schema).toMatchObject({ type: 'integer' });
    expect(parameter('/test/notes/slugs/{slug}', 'slug').schema).toMatchObject({ type: 'string', pattern: '^[a-z]+$' });
  });

  it('documents a body DTO with its validation rules, closed to unknown properties', () => {
    const note = schema('NoteDto');
    expect(note.additionalProperties).toBe(false);
    expect(note.properties.text).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(note.properties.level).toMatchObject({ enum: ['low', 'high'] });
    expect(note.properties.personId).toMatchObject({ format: 'uuid' });
    expect(note.properties.priority).toMatchObject({ type: 'integer', minimum: 1, maximum: 9 });
    expect(note.properties.tags).toMatchObject({ maxItems: 3, uniqueItems: true, items: { type: 'string', minLength: 1 } });
    expect(note.oneOf).toEqual([{ required: ['personId'] }, { required: ['teamId'] }]);
    expect(schema('NotePartDto').additionalProperties).toBe(false);
  });

  it('documents every pattern a property must match (control characters refused, not blank), and null among a nullable enum', () => {
    const name = schema('LabelDto').properties.name;
    const patterns = [name.pattern, ...((name.allOf as { pattern: string }[] | undefined) ?? []).map((entry) => entry.pattern)] as string[];
    expect(patterns).toHaveLength(3);
    const accepts = (value: string) => patterns.every((pattern) => new RegExp(pattern).test(value));
    expect(accepts('on call')).toBe(true);
    expect(accepts('on\ncall')).toBe(false);
    expect(accepts('on \u202ecall')).toBe(false);
    expect(accepts('   ')).toBe(false);
    expect(schema('LabelDto').properties.state).toMatchObject({ nullable: true, enum: ['on', 'off', null] });
  });

  it('takes no body at all as {} where every field is optional, and says the body may be left out; a required one stays required', async () => {
    expect((await http().post('/test/notes/close').expect(201)).body).toEqual({ by: null });
    expect((await http().post('/test/notes/close').send({ by: 'ann' }).expect(201)).body).toEqual({ by: 'ann' });
    expect((await http().post('/test/notes/close').set('content-type', 'application/json').send('null').expect(400)).body.errors[0].field).toBe('body');
    expect(document.paths['/test/notes/close'].post?.requestBody).toMatchObject({ required: false });
    expect((await http().post('/test/notes').expect(400)).body.errors).toEqual([{ field: 'body', reason: 'a JSON object body is required' }]);
    // Optional fields under a rule across them ("one of"): the body is still needed.
    expect((await http().post('/test/notes/pick').expect(400)).body.errors[0].field).toBe('body');
    expect(document.paths['/test/notes/pick'].post?.requestBody).toMatchObject({ required: true });
    expect(document.paths['/test/notes'].post?.requestBody).toMatchObject({ required: true });
  });

  it('documents a body whose schema depends on its media type, each with its own', () => {
    expect(document.paths['/test/notes/text'].post?.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { type: 'object' } }, 'text/plain': { schema: { description: 'any text' } } },
    });
  });

  it('spells a pattern so every regex engine reads it as JavaScript does (\\d is 0-9 only, \\s JavaScript’s spaces)', () => {
    const pattern = schema('NotePartDto').properties.code.pattern as string;
    expect(pattern).toMatch(/^\^\[0-9\]\+\[\\t/);
    expect(new RegExp(pattern).test('12 ab')).toBe(true);
    expect(new RegExp(pattern).test('١٢ ab')).toBe(false);
  });

  it('documents the paging parameters of a query DTO with their limits', () => {
    expect(parameter('/test/notes', 'limit').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    expect(parameter('/test/notes', 'cursor').schema).toMatchObject({ maxLength: 1024 });
    expect(parameter('/test/notes', 'author').schema).toMatchObject({ minLength: 1 });
  });

  it('documents every error as problem+json, with the errors the platform gives on any operation', () => {
    const post = document.paths['/test/notes'].post!;
    for (const status of ['400', '413', '415', '422']) expect(post.responses[status]).toMatchObject({ content: PROBLEM });
    // A query string can make any request target too long.
    for (const path of ['/test/notes/{id}', '/test/notes']) expect(document.paths[path].get!.responses['414']).toMatchObject({ content: PROBLEM });
    // Past Node's 16 KiB for the request line and headers, any request is a 431 before a route is chosen.
    for (const path of ['/test/notes/{id}', '/test/notes']) expect(document.paths[path].get!.responses['431']).toMatchObject({ content: PROBLEM });
    expect(document.paths['/test/notes/{id}'].get!.responses['413']).toBeUndefined();
  });

  it('refuses a limit over the maximum with a 400 naming `limit`, never clamping it', async () => {
    const response = await http().get('/test/notes?limit=201').expect(400);
    expect(response.body.errors).toEqual([{ field: 'limit', reason: expect.stringContaining('200') }]);
  });

  it('refuses null where the document does not allow it, and takes it where it does', async () => {
    const note = { text: 'x', level: 'low', priority: 1, personId: '0b5ff873-4b42-4142-8e2c-a6728ed12651' };
    const refused = await http().post('/test/notes').send({ ...note, teamId: null }).expect(400);
    expect(refused.body.errors).toEqual([{ field: 'teamId', reason: 'teamId must not be null (omit it instead)' }]);
    await http().post('/test/notes').send({ ...note, comment: null }).expect(201);
  });
});
