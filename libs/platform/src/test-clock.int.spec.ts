import { Controller, Get, INestApplication, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit, Type } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DueTimer,
  EVENT_STORE,
  EventStore,
  MovableClock,
  TimerDriver,
  eventually,
  newId,
  scheduleTimer,
  timerFired,
} from '@linchpin/eventsourcing';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { asAdmin, TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { Public } from './access/access.decorator';
import { createApp } from './create-app';
import { initApp } from './http-adapter';
import { InfrastructureModule } from './infrastructure.module';
import { ConfigurationError } from './load-config';
import { ServiceDefinition } from './service-definition';

const service: ServiceDefinition = { name: 'clocktest', title: 'Clock test', defaultPort: 3997 };

/** What a handler sees: the injected clock's time. */
@Public('a test probe of the clock')
@Controller('clocktest')
class ProbeController {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}
  @Get('now')
  now() {
    return { now: this.clock.now().toISOString() };
  }
}

/** A timer owner as a service will run one: a driver on the app's store and clock, firing into the owner's stream. */
@Injectable()
class Reminders implements OnModuleInit, OnApplicationShutdown {
  driver!: TimerDriver;
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}
  onModuleInit() {
    this.driver = new TimerDriver({
      store: this.store,
      clock: this.clock,
      streamPrefixes: ['reminder-'],
      pollMs: 3_600_000, // only a clock move (or an append) wakes it within this test
      fire: async (timer: DueTimer) => {
        const metadata = { correlationId: timer.streamId, causationId: timer.scheduledEventId, actor: 'system:timer', occurredAt: this.clock.now().toISOString() };
        await this.store.append(timer.streamId, [timerFired(timer, metadata)], 'any');
      },
    });
    this.driver.start();
  }
  async onApplicationShutdown() {
    await this.driver.stop();
  }
}

function appModule(): Type<unknown> {
  @Module({ imports: [InfrastructureModule.forRoot({ service })], controllers: [ProbeController], providers: [Reminders] })
  class ClockTestModule {}
  return ClockTestModule;
}

describe('the test clock (LINCHPIN_TEST_CLOCK) over HTTP', () => {
  const saved = { ...process.env };
  let dir: string;
  let app: INestApplication | undefined;

  const start = async () => {
    app = await createApp(appModule(), service);
    await initApp(app);
    return app.getHttpServer();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-clock-'));
    process.env.LOG_LEVEL = 'silent';
    process.env.SQLITE_PATH = join(dir, 'clocktest.db');
    process.env.LINCHPIN_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
    delete process.env.EVENTSTORE_URL;
    delete process.env.POSTGRES_URL;
    delete process.env.KAFKA_BROKERS;
    delete process.env.LINCHPIN_TEST_CLOCK;
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not exist by default: 404, the system clock, and nothing in OpenAPI', async () => {
    const server = await start();
    await asAdmin(server).get('/testing/clock').expect(404);
    await asAdmin(server).put('/testing/clock').send({ advanceMs: 60_000 }).expect(404);
    expect(app?.get(CLOCK)).not.toBeInstanceOf(MovableClock);
    const openapi = await asAdmin(server).get('/openapi.json').expect(200);
    expect(Object.keys(openapi.body.paths)).not.toContain('/testing/clock');
  });

  describe('with LINCHPIN_TEST_CLOCK=1', () => {
    beforeEach(() => {
      process.env.LINCHPIN_TEST_CLOCK = '1';
    });

    it('moves the time a handler sees: set to an instant, then advanced, and read back', async () => {
      const server = await start();
      const set = await asAdmin(server).put('/testing/clock').send({ now: '2026-03-08T07:30:00Z' }).expect(200);
      expect(Date.parse(set.body.now)).toBeGreaterThanOrEqual(Date.parse('2026-03-08T07:30:00Z'));
      const seen = Date.parse((await asAdmin(server).get('/clocktest/now').expect(200)).body.now);
      // The clock keeps flowing from the instant set; a minute of slack only bounds a slow machine.
      expect(seen).toBeGreaterThanOrEqual(Date.parse('2026-03-08T07:30:00Z'));
      expect(seen).toBeLessThan(Date.parse('2026-03-08T07:31:00Z'));

      const advanced = await asAdmin(server).put('/testing/clock').send({ advanceMs: 24 * 3_600_000 }).expect(200);
      expect(Date.parse(advanced.body.now)).toBeGreaterThanOrEqual(Date.parse('2026-03-09T07:30:00Z'));
      const after = Date.parse((await asAdmin(server).get('/clocktest/now').expect(200)).body.now);
      expect(after).toBeGreaterThanOrEqual(Date.parse('2026-03-09T07:30:00Z'));
      expect(after).toBeLessThan(Date.parse('2026-03-09T07:31:00Z'));
      const read = Date.parse((await asAdmin(server).get('/testing/clock').expect(200)).body.now);
      expect(read).toBeGreaterThanOrEqual(after);

      // Back again, with an explicit instant (a test starting over).
      await asAdmin(server).put('/testing/clock').send({ now: '2026-01-01T00:00:00+01:00' }).expect(200);
      expect(Date.parse((await asAdmin(server).get('/clocktest/now').expect(200)).body.now)).toBeLessThan(Date.parse('2026-01-01T00:01:00Z'));
    });

    it('stands still at the instant a move sets with frozen: true, so a handler sees exactly it; a move without it flows again', async () => {
      const server = await start();
      const frozen = await asAdmin(server).put('/testing/clock').send({ now: '2026-03-08T07:30:00Z', frozen: true }).expect(200);
      expect(frozen.body).toEqual({ now: '2026-03-08T07:30:00.000Z', frozen: true });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await asAdmin(server).get('/clocktest/now').expect(200)).body.now).toBe('2026-03-08T07:30:00.000Z');
      const advanced = await asAdmin(server).put('/testing/clock').send({ advanceMs: 300_000, frozen: true }).expect(200);
      expect(advanced.body).toEqual({ now: '2026-03-08T07:35:00.000Z', frozen: true });
      expect((await asAdmin(server).get('/clocktest/now').expect(200)).body.now).toBe('2026-03-08T07:35:00.000Z');
      expect((await asAdmin(server).get('/testing/clock').expect(200)).body).toEqual({ now: '2026-03-08T07:35:00.000Z', frozen: true });

      const flowing = await asAdmin(server).put('/testing/clock').send({ now: '2026-03-08T08:00:00Z' }).expect(200);
      expect(flowing.body.frozen).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(Date.parse((await asAdmin(server).get('/clocktest/now').expect(200)).body.now)).toBeGreaterThan(Date.parse('2026-03-08T08:00:00Z'));
    });

    it('fires a durable timer as soon as the clock is moved past its due time, without waiting for it', async () => {
      const server = await start();
      await asAdmin(server).put('/testing/clock').send({ now: '2026-03-08T07:30:00Z' }).expect(200);
      const store = app!.get<EventStore>(EVENT_STORE);
      const stream = `reminder-${newId()}`;
      const metadata = { correlationId: stream, causationId: stream, actor: 'test', occurredAt: '2026-03-08T07:30:00.000Z' };
      await store.append(stream, [scheduleTimer({ timerId: newId(), dueAt: '2026-03-08T07:45:00Z', purpose: 'reminder' }, metadata)], 'no_stream');
      const reminders = app!.get(Reminders);
      await eventually('the driver sees the timer', () => (reminders.driver.pending().length === 1 ? true : undefined));
      await reminders.driver.tick();
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['TimerScheduled']);

      await asAdmin(server).put('/testing/clock').send({ advanceMs: 15 * 60_000 }).expect(200);
      const events = await eventually('the timer fired', async () => {
        const stored = await store.readStream(stream);
        return stored.length === 2 ? stored : undefined;
      });
      expect(events[1]).toMatchObject({ type: 'TimerFired', data: { dueAt: '2026-03-08T07:45:00.000Z' } });
    });

    it('answers a bad body with a 400 problem naming the field', async () => {
      const server = await start();
      await asAdmin(server).put('/testing/clock').send({ now: '2026-03-08T07:30:00Z' }).expect(200);
      const problem = async (body: unknown) => {
        const response = await asAdmin(server).put('/testing/clock').send(body as object).expect(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        return response.body.errors.map((e: { field: string }) => e.field);
      };
      expect(await problem({})).toEqual(['now', 'advanceMs']);
      expect(await problem({ now: '2026-03-08T07:30:00Z', advanceMs: 1000 })).toEqual(['now', 'advanceMs']);
      expect(await problem({ advanceMs: -1 })).toEqual(['advanceMs']);
      expect(await problem({ advanceMs: 1.5 })).toEqual(['advanceMs']);
      expect(await problem({ now: 'tomorrow' })).toEqual(['now']);
      expect(await problem({ now: '2026-03-08T07:30:00' })).toEqual(['now']); // no zone: whose 07:30?
      expect(await problem({ now: '2026-02-30T07:30:00Z' })).toEqual(['now']);
      expect(await problem({ offsetMs: 5 })).toContain('offsetMs');
      expect(await problem({ now: '2026-03-08T07:30:00Z', frozen: 'yes' })).toEqual(['frozen']);
      // A refused body moved nothing (the clock only flowed on from the instant set).
      expect(Date.parse((await asAdmin(server).get('/testing/clock').expect(200)).body.now)).toBeLessThan(Date.parse('2026-03-08T07:31:00Z'));
    });

    it('is documented in OpenAPI under the testing tag', async () => {
      const server = await start();
      const openapi = await asAdmin(server).get('/openapi.json').expect(200);
      expect(openapi.body.paths['/testing/clock'].put.tags).toEqual(['testing']);
      expect(openapi.body.paths['/testing/clock'].get.tags).toEqual(['testing']);
    });

    it('refuses to start with NODE_ENV=production, naming both variables', async () => {
      process.env.NODE_ENV = 'production';
      const error = await createApp(appModule(), service).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain('LINCHPIN_TEST_CLOCK');
      expect((error as Error).message).toContain('NODE_ENV=production');
    });

    it('refuses a value other than 1 or 0', async () => {
      process.env.LINCHPIN_TEST_CLOCK = 'yes';
      await expect(createApp(appModule(), service)).rejects.toThrow(
        new ConfigurationError([{ variable: 'LINCHPIN_TEST_CLOCK', reason: 'must be 1 (on) or 0 (off); never on in production', value: 'yes' }]),
      );
    });
  });
});
