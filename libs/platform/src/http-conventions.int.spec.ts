import { Body, Controller, Get, INestApplication, Module, Param, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiProperty } from '@nestjs/swagger';
import { DomainError, InProcessBus, NotFoundError, StoreUnavailableError } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { Type } from 'class-transformer';
import { IsArray, IsNotEmpty, IsString, IsUrl, ValidateNested } from 'class-validator';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { configureApp } from './configure-app';
import { InfrastructureModule } from './infrastructure.module';
import { ServiceDefinition } from './service-definition';
import { createHttpAdapter, initApp } from './http-adapter';
import { Public } from './access/access.decorator';
import { UuidParamPipe } from './uuid-param.pipe';

class ContactDto {
  @ApiProperty() @IsUrl({ require_tld: false }) webhookUrl!: string;
}

class MemberDto {
  @ApiProperty() @IsString() @IsNotEmpty() name!: string;
  @ApiProperty({ type: ContactDto }) @ValidateNested() @Type(() => ContactDto) contact!: ContactDto;
}

class CreateTeamDto {
  @ApiProperty() @IsString() @IsNotEmpty() name!: string;
  @ApiProperty({ type: [MemberDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => MemberDto) members!: MemberDto[];
}

@Public('a platform test route: the HTTP conventions hold whoever calls')
@Controller('test/teams')
class TeamsController {
  static created = 0;

  @Post()
  create(@Body() body: CreateTeamDto): { id: string; name: string; members: number } {
    TeamsController.created += 1;
    return { id: `team-${TeamsController.created}`, name: body.name, members: body.members.length };
  }

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    if (id === 'missing') throw new NotFoundError('team', id);
    if (id === 'archived') throw new DomainError('team_archived', 'team archived is archived', 'id');
    if (id === 'broken') throw new Error('secret internal detail');
    if (id === 'unreachable') throw new StoreUnavailableError('connect ECONNREFUSED 127.0.0.1:5432');
    return { id };
  }

  @Get(':id/members/:memberId')
  member(@Param('id', UuidParamPipe) id: string, @Param('memberId', UuidParamPipe) memberId: string): { id: string; memberId: string } {
    return { id, memberId };
  }
}

const service: ServiceDefinition = { name: 'test', title: 'Platform test service', defaultPort: 3999 };
const team = { name: 'SRE', members: [{ name: 'ada', contact: { webhookUrl: 'https://hooks.example.com/ada' } }] };
const PROBLEM = /^application\/problem\+json/;

describe('HTTP conventions of configureApp (real HTTP, real SQLite store)', () => {
  let app: INestApplication;
  let store: SqliteEventStore;
  let dir: string;
  const previousLogLevel = process.env.LOG_LEVEL;
  const previousAdminToken = process.env.LINCHPIN_ADMIN_TOKEN;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    process.env.LINCHPIN_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
    dir = mkdtempSync(join(tmpdir(), 'linchpin-platform-'));
    store = new SqliteEventStore({ path: join(dir, 'test.db') });

    @Module({
      imports: [InfrastructureModule.forRoot({ service, store, bus: new InProcessBus() })],
      controllers: [TeamsController],
    })
    class TestAppModule {}

    const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    configureApp(app, service);
    await initApp(app);
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

  it('accepts a valid body', async () => {
    const response = await http().post('/test/teams').send(team).expect(201);
    expect(response.body).toMatchObject({ name: 'SRE', members: 1 });
  });

  it('rejects an invalid body with a 400 problem naming each failing field, nested ones by their dotted path', async () => {
    const response = await http()
      .post('/test/teams')
      .send({ name: '', members: [{ name: 'ada', contact: { webhookUrl: 'not a url' } }] })
      .expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({
      type: 'urn:linchpin:problem:validation-error',
      title: 'Request validation failed',
      status: 400,
      instance: '/test/teams',
    });
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', reason: 'name should not be empty' },
        { field: 'members.0.contact.webhookUrl', reason: 'webhookUrl must be a URL address' },
      ]),
    );
  });

  it('rejects an id that is not a UUID with a 400 problem naming that path parameter', async () => {
    const team = '0b6c2b1e-8d7f-4c1a-9a57-2f0f3c7b9e10';
    const member = '5d2f0c1a-3b4e-4f6a-8c9d-1e2f3a4b5c6d';
    await http().get(`/test/teams/${team}/members/${member}`).expect(200, { id: team, memberId: member });

    const wrongMember = await http().get(`/test/teams/${team}/members/not-a-uuid`).expect(400);
    expect(wrongMember.headers['content-type']).toMatch(PROBLEM);
    expect(wrongMember.body).toMatchObject({ status: 400, errors: [{ field: 'memberId', reason: 'must be a UUID' }], detail: 'memberId: must be a UUID' });

    const wrongTeam = await http().get(`/test/teams/42/members/${member}`).expect(400);
    expect(wrongTeam.body.errors).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
  });

  it('rejects an unknown field instead of dropping it', async () => {
    const response = await http()
      .post('/test/teams')
      .send({ ...team, colour: 'red' })
      .expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body.errors).toEqual([{ field: 'colour', reason: 'property colour should not exist' }]);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await http().post('/test/teams').set('Content-Type', 'application/json').send('{"name": "SRE",').expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({ type: 'urn:linchpin:problem:malformed-body', status: 400 });
    expect(response.body.detail).toMatch(/not valid JSON/);
  });

  it('maps kernel errors: NotFoundError 404, DomainError 409 with its code and field', async () => {
    const missing = await http().get('/test/teams/missing').expect(404);
    expect(missing.headers['content-type']).toMatch(PROBLEM);
    expect(missing.body).toMatchObject({ type: 'urn:linchpin:problem:not-found', status: 404, detail: 'team missing not found' });

    const archived = await http().get('/test/teams/archived').expect(409);
    expect(archived.body).toMatchObject({
      type: 'urn:linchpin:problem:domain:team_archived',
      status: 409,
      code: 'team_archived',
      errors: [{ field: 'id', reason: 'team archived is archived' }],
    });
  });

  it('answers 503 with Retry-After when the event store cannot be reached, so a sender tries again', async () => {
    const down = await http().get('/test/teams/unreachable').expect(503);
    expect(down.headers['content-type']).toMatch(PROBLEM);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toMatchObject({ type: 'urn:linchpin:problem:store-unavailable', status: 503, detail: expect.stringMatching(/nothing was stored/) });
    expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|5432/);
  });

  it('answers an unknown route and an unexpected error as problems, leaking nothing of the cause', async () => {
    const unknown = await http().get('/nowhere').expect(404);
    expect(unknown.headers['content-type']).toMatch(PROBLEM);
    expect(unknown.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });

    const broken = await http().get('/test/teams/broken').expect(500);
    expect(broken.headers['content-type']).toMatch(PROBLEM);
    expect(broken.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred',
      instance: '/test/teams/broken',
      requestId: broken.headers['x-request-id'],
    });
  });

  it('serves the OpenAPI document with the service title and the routes, and Swagger UI', async () => {
    const response = await http().get('/openapi.json').expect(200);
    expect(response.body.info.title).toBe('Platform test service');
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/test/teams', '/test/teams/{id}', '/health/ready']));
    expect(response.body.paths['/test/teams'].post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
    expect(Object.keys(response.body.components.schemas)).toEqual(expect.arrayContaining(['ProblemDetailsDto', 'CreateTeamDto']));
    const docs = await http().get('/docs').redirects(1).expect(200);
    expect(docs.text).toContain('swagger-ui');
  });

  it('answers liveness and readiness', async () => {
    expect((await http().get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await http().get('/health/ready').expect(200);
    // Every process has one consumer group of its own: its projection of coordination's API tokens.
    const tokens = { group: 'test.api-tokens', status: 'up', state: 'caught-up', lag: 0 };
    expect(ready.body).toEqual({ status: 'ok', checks: { store: { status: 'up' }, bus: { status: 'up' }, consumers: { status: 'up', groups: [tokens] } } });
  });

  it('replays the first answer for a repeated Idempotency-Key without running the handler again', async () => {
    const before = TeamsController.created;
    const first = await http().post('/test/teams').set('Idempotency-Key', 'key-1').send(team).expect(201);
    const again = await http()
      .post('/test/teams')
      .set('Idempotency-Key', 'key-1')
      .send({ members: team.members, name: team.name })
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(TeamsController.created).toBe(before + 1);

    const reused = await http()
      .post('/test/teams')
      .set('Idempotency-Key', 'key-1')
      .send({ ...team, name: 'DBA' })
      .expect(422);
    expect(reused.headers['content-type']).toMatch(PROBLEM);
    expect(reused.body.detail).toContain('key-1');
    expect(TeamsController.created).toBe(before + 1);

    await http().post('/test/teams').set('Idempotency-Key', 'key-2').send(team).expect(201);
    expect(TeamsController.created).toBe(before + 2);
  });

  it('does not remember a failed request, so the client may retry with the same key', async () => {
    await http().post('/test/teams').set('Idempotency-Key', 'key-3').send({ name: 'SRE' }).expect(400);
    const before = TeamsController.created;
    await http().post('/test/teams').set('Idempotency-Key', 'key-3').send(team).expect(201);
    expect(TeamsController.created).toBe(before + 1);
  });

  it('reports not ready, naming the store, once the store stops answering', async () => {
    await store.close();
    const response = await http().get('/health/ready').expect(503);
    expect(response.body.status).toBe('unavailable');
    expect(response.body.checks.store.status).toBe('down');
    expect(response.body.checks.bus).toEqual({ status: 'up' });
  });
});
