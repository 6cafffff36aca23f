import { Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

/** The longest a shutdown waits for requests in flight before it closes their connections. */
export const HTTP_DRAIN_TIMEOUT_MS = 5000;
const IDLE_SWEEP_MS = 25;

/**
 * The first step of a graceful shutdown (SIGTERM): stop taking requests, and let those in flight be
 * answered. Nest closes the HTTP server only after every `beforeApplicationShutdown` hook, where the
 * relays stop: a command taken in between was stored and answered 202 but published only once the
 * service came back (found by e2e/src/process-faults.e2e.spec.ts). `onModuleDestroy` runs before any
 * of those hooks, so here the listener closes first; the relays then publish what was taken.
 */
@Injectable()
export class StopTakingRequests implements OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');

  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  async onModuleDestroy(): Promise<void> {
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A keep-alive connection is closed once its request is answered: sweep the idle ones until none is left.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), HTTP_DRAIN_TIMEOUT_MS)));
    const gaveUp = await Promise.race([closed.then(() => false), timedOut]);
    clearInterval(sweep);
    clearTimeout(timer);
    if (gaveUp) {
      this.logger.warn(`requests still in flight after ${HTTP_DRAIN_TIMEOUT_MS} ms; closing their connections`);
      server.closeAllConnections();
    }
  }
}
