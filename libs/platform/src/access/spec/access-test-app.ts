import { Body, Controller, Get, INestApplication, Module, Post, Req, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InProcessBus, ManualClock } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureApp } from '../../configure-app';
import { createHttpAdapter, initApp } from '../../http-adapter';
import { InfrastructureModule } from '../../infrastructure.module';
import { IncomingRequest, requestContext } from '../../request-context';
import { ServiceDefinition } from '../../service-definition';
import { Access, Public } from '../access.decorator';
import { API_TOKEN_DIRECTORY, ApiTokenRecord, generateApiToken, hashToken } from '../api-token-directory';

/* An app of probe routes, one per kind of declaration, with a token directory of its own: for the access tests. */

const service: ServiceDefinition = { name: 'accesstest', title: 'Access test', defaultPort: 3996 };

@Controller('probe')
export class ProbeController {
  @Get('read')
  @Access('viewer')
  read(@Req() request: IncomingRequest) {
    return { actor: requestContext(request).actor };
  }

  @Post('act')
  @Access('responder')
  act(@Req() request: IncomingRequest, @Body() body: { by?: string }) {
    const { actor, onBehalfOf } = requestContext(request, body?.by);
    return { actor, onBehalfOf: onBehalfOf ?? null };
  }

  @Post('configure')
  @Access('admin')
  configure() {
    return { configured: true };
  }

  @Post('signals')
  @Access('sender')
  signal(@Req() request: IncomingRequest) {
    return { actor: requestContext(request).actor };
  }

  @Get('open')
  @Public('a probe that anyone may call')
  open(@Req() request: IncomingRequest) {
    return { actor: requestContext(request).actor };
  }
}

/** The class declares incident-manager; one handler declares viewer, and wins. */
@Access('incident-manager')
@Controller('managed')
export class ManagedController {
  @Post('merge')
  merge() {
    return { merged: true };
  }

  @Get('look')
  @Access('viewer')
  look() {
    return { looked: true };
  }
}

@Controller('bare')
export class BareController {
  @Get('x')
  x() {
    return {};
  }
}

const record = (overrides: Partial<ApiTokenRecord>): ApiTokenRecord => ({
  tokenId: 't-0', name: 'token', roles: ['viewer'], team: null, personId: null, expiresAt: null, revokedAt: null, ...overrides,
});

export const tokens = {
  viewer: generateApiToken(),
  responder: generateApiToken(),
  manager: generateApiToken(),
  sender: generateApiToken(),
  expiring: generateApiToken(),
  revoked: generateApiToken(),
};
const directory = new Map<string, ApiTokenRecord>([
  [hashToken(tokens.viewer), record({ tokenId: 'tok-viewer', name: 'dashboard', roles: ['viewer'] })],
  [hashToken(tokens.responder), record({ tokenId: 'tok-resp', name: 'alice', roles: ['responder'], personId: '0b1c2d3e-0000-4000-8000-000000000001' })],
  [hashToken(tokens.manager), record({ tokenId: 'tok-im', name: 'im', roles: ['incident-manager'] })],
  [hashToken(tokens.sender), record({ tokenId: 'tok-sender', name: 'alerting', roles: ['sender'] })],
  [hashToken(tokens.expiring), record({ tokenId: 'tok-exp', roles: ['admin'], expiresAt: '2026-03-08T08:00:00.000Z' })],
  [hashToken(tokens.revoked), record({ tokenId: 'tok-rev', roles: ['admin'], revokedAt: '2026-03-01T00:00:00.000Z' })],
]);

export interface Started {
  app: INestApplication;
  close(): Promise<void>;
}

export async function start(controllers: Type<unknown>[], env: Record<string, string> = {}, clock = new ManualClock('2026-03-08T07:30:00Z')): Promise<Started> {
  const saved = { ...process.env };
  Object.assign(process.env, { LOG_LEVEL: 'silent', LINCHPIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env });
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-access-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const close = async (app?: INestApplication) => {
    await app?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  };
  try {
    @Module({ imports: [InfrastructureModule.forRoot({ service, store, bus: new InProcessBus(), clock })], controllers })
    class AccessTestModule {}
    // The test's tokens in place of the process's projection of coordination's.
    const moduleRef = await Test.createTestingModule({ imports: [AccessTestModule] })
      .overrideProvider(API_TOKEN_DIRECTORY)
      .useValue({ find: (hash: string) => directory.get(hash) })
      .compile();
    const app = configureApp(moduleRef.createNestApplication(createHttpAdapter(), { logger: false }), service);
    await initApp(app);
    return { app, close: () => close(app) };
  } catch (error) {
    await close();
    throw error;
  }
}

