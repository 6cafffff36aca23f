import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CheckpointStore, Clock, EventStore, InProcessBus, PublishedEvent } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import {
  API_TOKEN_DIRECTORY,
  ApiTokenRecord,
  configureApp,
  createHttpAdapter,
  hashToken,
  InfrastructureModule,
  initApp,
  Role,
  ServiceDefinition,
} from '@linchpin/platform';
import { authorized, TEST_ADMIN_TOKEN } from '@linchpin/testing';

export interface ServiceAppOptions {
  service: ServiceDefinition;
  /** The service's module (or a module of a test's own) to run over the infrastructure. */
  module: Type<unknown> | DynamicModule;
  /** The SQLite file. Default: `events.db` in a fresh temporary folder, removed on close. A given file is kept (a restart test reopens it). */
  sqlitePath?: string;
  clock?: Clock;
  /**
   * Variables set before the app is built and restored on close; `undefined` unsets one (e.g. OUTBOUND_ALLOW_CIDRS).
   * LINCHPIN_ADMIN_TOKEN is TEST_ADMIN_TOKEN unless given.
   */
  env?: Record<string, string | undefined>;
  /** Providers replaced by the test's own instance (e.g. an OutboundGuard with a test resolver). */
  overrides?: ReadonlyArray<{ provide: Type<unknown> | string | symbol; useValue: unknown }>;
  /** The store as the app sees it, made from the SQLite store (e.g. with read latency); `store` stays the plain one. */
  storeAs?: (store: SqliteEventStore) => EventStore & CheckpointStore;
  /** Topics to record from the bus from before the app starts: what the service published lands in `published`. */
  observe?: string[];
  /**
   * API tokens the app knows, by token (make them with generateApiToken): for a test about who acts.
   * They replace the app's token directory (its projection of ApiTokenIssued, where it has one).
   * The record is read on each request: tokens added to it later are known from then on.
   */
  apiTokens?: Record<string, TestApiToken>;
}

/** A token as a test names it: its roles, and whose it is. */
export type TestApiToken = { roles: Role[] } & Partial<Omit<ApiTokenRecord, 'roles'>>;

/** The directory of the test's tokens, found by hash as the real projection finds them; read on each lookup, so a test may add tokens to the record later (one for a team it just created). */
function testDirectory(tokens: Record<string, TestApiToken>) {
  const recordOf = (token: string, i: number): ApiTokenRecord => ({
    tokenId: `test-token-${i + 1}`,
    name: `test token ${i + 1}`,
    team: null,
    personId: null,
    expiresAt: null,
    revokedAt: null,
    ...tokens[token],
  });
  return {
    find: (hash: string) => {
      const i = Object.keys(tokens).findIndex((token) => hashToken(token) === hash);
      return i < 0 ? undefined : recordOf(Object.keys(tokens)[i], i);
    },
  };
}

/** A service as it runs, for its integration tests: real HTTP (Fastify), a real SQLite file, the in-process bus. */
export interface ServiceApp {
  app: INestApplication;
  store: SqliteEventStore;
  bus: InProcessBus;
  /** What the bus carried on the `observe` topics, in order. */
  published: PublishedEvent[];
  /** Requests as admin (`Authorization: Bearer TEST_ADMIN_TOKEN`), what a test not about access sends. */
  http(): ReturnType<typeof request>;
  /** Requests with that bearer token, or with none (`null`): for tests about who may do what. */
  httpAs(token: string | null): ReturnType<typeof request>;
  /** Closes the app, the bus and the store, removes the temporary folder and restores the environment. */
  close(): Promise<void>;
}

export async function startServiceApp(options: ServiceAppOptions): Promise<ServiceApp> {
  // LOG_LEVEL: request logs would drown the test output.
  // A data folder of its own, so nothing a service keeps there (review's read models) lands in the working directory or is shared.
  const dir = mkdtempSync(join(tmpdir(), `linchpin-${options.service.name}-`));
  const restoreEnv = setEnv({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', LINCHPIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN, LINCHPIN_DATA_DIR: dir, ...options.env });
  const store = new SqliteEventStore({ path: options.sqlitePath ?? join(dir, 'events.db') });
  const bus = new InProcessBus();
  const published: PublishedEvent[] = [];
  const close = async (app?: INestApplication) => {
    await app?.close();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    restoreEnv();
  };
  try {
    if (options.observe?.length) {
      await bus.subscribe({ group: 'test-observer', topics: options.observe, handler: async (event) => void published.push(event) });
    }
    const appStore = options.storeAs ? options.storeAs(store) : store;
    const directory = options.apiTokens ? testDirectory(options.apiTokens) : undefined;
    let builder = Test.createTestingModule({
      imports: [InfrastructureModule.forRoot({ service: options.service, store: appStore, bus, ...(options.clock ? { clock: options.clock } : {}) }), options.module],
      providers: directory ? [{ provide: API_TOKEN_DIRECTORY, useValue: directory }] : [],
    });
    for (const { provide, useValue } of options.overrides ?? []) builder = builder.overrideProvider(provide).useValue(useValue);
    if (directory) builder = builder.overrideProvider(API_TOKEN_DIRECTORY).useValue(directory);
    const moduleRef = await builder.compile();
    const app = configureApp(moduleRef.createNestApplication(createHttpAdapter(), { logger: false }), options.service);
    await initApp(app);
    const server = app.getHttpServer();
    const adminToken = process.env.LINCHPIN_ADMIN_TOKEN ?? TEST_ADMIN_TOKEN;
    const httpAs = (token: string | null) => (token === null ? request(server) : authorized(server, token));
    return { app, store, bus, published, http: () => httpAs(adminToken), httpAs, close: () => close(app) };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Sets the variables and returns what puts back the values they had. */
function setEnv(env: Record<string, string | undefined>): () => void {
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(env);
  return () => apply(before);
}
