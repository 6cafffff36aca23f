import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { BusHealth, ConsumerGroupHealth, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus } from '@linchpin/eventsourcing';
import type { FastifyReply } from 'fastify';
import { Public } from './access/access.decorator';

export interface CheckResult {
  status: 'up' | 'down';
  error?: string;
}

export interface ConsumersCheck extends CheckResult {
  /** Each consumer group of this process: `up` once joined and caught up since it joined. */
  groups: ConsumerGroupHealth[];
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: { store: CheckResult; bus: CheckResult; consumers: ConsumersCheck };
}

/**
 * A bus adapter may say whether it is connected and how its consumer groups stand, through
 * `health()`, or only whether it can deliver now, through `isReady()`; one that says nothing is ready.
 */
interface MaybeReadyBus extends MessageBus {
  isReady?: () => boolean | Promise<boolean>;
}

const CHECK_TIMEOUT_MS = 4000;

async function busHealth(bus: MaybeReadyBus): Promise<BusHealth> {
  if (typeof bus.health === 'function') return bus.health();
  const connected = typeof bus.isReady === 'function' ? await bus.isReady() : true;
  return { connected, ...(connected ? {} : { error: 'not ready' }), consumers: [] };
}

function withTimeout<T>(probe: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
}

async function check(probe: () => Promise<boolean>): Promise<CheckResult> {
  try {
    const ok = await withTimeout(probe());
    return ok ? { status: 'up' } : { status: 'down', error: 'not ready' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  }
}

/** The bus and consumers checks from one health answer of the bus. */
export function busChecks(health: BusHealth): { bus: CheckResult; consumers: ConsumersCheck } {
  const bus: CheckResult = health.connected ? { status: 'up' } : { status: 'down', error: health.error ?? 'not connected' };
  const down = health.consumers.filter((c) => c.status !== 'up');
  const consumers: ConsumersCheck =
    down.length === 0
      ? { status: 'up', groups: health.consumers }
      : { status: 'down', error: down.map((c) => `${c.group}: ${c.reason ?? c.state}`).join('; '), groups: health.consumers };
  return { bus, consumers };
}

const CHECK_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up', 'down'] }, error: { type: 'string' } },
};

const READINESS_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    checks: {
      type: 'object',
      required: ['store', 'bus', 'consumers'],
      properties: {
        store: CHECK_SCHEMA,
        bus: CHECK_SCHEMA,
        consumers: {
          type: 'object',
          required: ['status', 'groups'],
          properties: {
            ...CHECK_SCHEMA.properties,
            groups: {
              type: 'array',
              items: {
                type: 'object',
                required: ['group', 'status', 'state'],
                properties: {
                  group: { type: 'string', example: 'triage' },
                  status: { type: 'string', enum: ['up', 'down'] },
                  state: { type: 'string', enum: ['joining', 'catching-up', 'caught-up', 'stopped'] },
                  lag: { type: 'integer', description: 'Messages on its assigned partitions not handled yet' },
                  reason: { type: 'string', example: 'lag 12' },
                },
              },
            },
          },
        },
      },
    },
  },
};

@ApiTags('health')
@Public('Probes (an orchestrator, a load balancer) carry no token; the answers hold no data')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  @Get('live')
  @ApiOperation({
    summary: 'Liveness: the process answers HTTP',
    description: 'Always 200 while the process serves requests, whatever the store, the bus or the consumer groups do: restart only a process that stops answering.',
  })
  @ApiOkResponse({ description: 'The process serves HTTP', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the store answers, the bus is connected, and every consumer group has joined and caught up',
    description:
      'A service listens at once after start, before its consumer groups have joined (after a crash the broker keeps the dead member ' +
      'for KAFKA_SESSION_TIMEOUT_MS, and the group waits for it); it takes commands meanwhile and its events are handled once the ' +
      'group is in. 200 when the event store answers a read, the bus is connected, and every consumer group of the process is in ' +
      'its group and has handled what its assigned partitions held when it joined (`caught-up`; `lag` is what is left now). ' +
      '503 otherwise, with `checks` naming each part and why it is down: a group `joining` (still waiting to be let into its group), ' +
      'or `catching-up` with `lag N`. The in-process bus is always connected and its groups always caught up.',
  })
  @ApiOkResponse({ description: 'Ready', schema: READINESS_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'Not ready: `checks` names each part that is down and why', schema: READINESS_SCHEMA })
  async ready(@Res({ passthrough: true }) response: FastifyReply): Promise<ReadinessReport> {
    const bus = this.bus as MaybeReadyBus;
    const [store, health] = await Promise.all([
      check(async () => {
        await this.store.readAll({ limit: 1 });
        return true;
      }),
      withTimeout(busHealth(bus)).catch(
        (error: unknown): BusHealth => ({ connected: false, error: error instanceof Error ? error.message : String(error), consumers: [] }),
      ),
    ]);
    const checks = { store, ...busChecks(health) };
    const ok = store.status === 'up' && checks.bus.status === 'up' && checks.consumers.status === 'up';
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}
