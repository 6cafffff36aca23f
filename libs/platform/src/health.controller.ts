import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus } from '@linchpin/eventsourcing';
import type { FastifyReply } from 'fastify';

export interface CheckResult {
  status: 'up' | 'down';
  error?: string;
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: { store: CheckResult; bus: CheckResult };
}

/**
 * A bus adapter may say whether it can deliver now (Kafka connected), through `health()` (with the
 * reason) or `isReady()`; one that says nothing, like the in-process bus, is ready.
 */
interface MaybeReadyBus extends MessageBus {
  health?: () => Promise<{ ready: boolean; error?: string }>;
  isReady?: () => boolean | Promise<boolean>;
}

const CHECK_TIMEOUT_MS = 4000;

async function busReady(bus: MaybeReadyBus): Promise<boolean> {
  if (typeof bus.health === 'function') {
    const health = await bus.health();
    if (!health.ready) throw new Error(health.error ?? 'not ready');
    return true;
  }
  return typeof bus.isReady === 'function' ? bus.isReady() : true;
}

async function check(probe: () => Promise<boolean>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    const ok = await Promise.race([probe(), timeout]);
    return ok ? { status: 'up' } : { status: 'down', error: 'not ready' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the event store answers a read and the bus is ready (503 otherwise, naming the part that failed)' })
  async ready(@Res({ passthrough: true }) response: FastifyReply): Promise<ReadinessReport> {
    const bus = this.bus as MaybeReadyBus;
    const [store, busCheck] = await Promise.all([
      check(async () => {
        await this.store.readAll({ limit: 1 });
        return true;
      }),
      check(() => busReady(bus)),
    ]);
    const ok = store.status === 'up' && busCheck.status === 'up';
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks: { store, bus: busCheck } };
  }
}
