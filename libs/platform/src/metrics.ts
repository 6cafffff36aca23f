import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, CounterConfiguration, Gauge, GaugeConfiguration, Histogram, Registry } from 'prom-client';

/** Seconds; from a fast read (a few ms) to a slow command under load. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus metrics, one registry per application (not prom-client's global one,
 * so tests that start several apps in one process do not collide). Contexts add their own counters
 * with `counter`; the same name asked twice gives the same counter (standalone runs every context once,
 * but nothing breaks if two ask).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = this.counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers: [this.registry],
    });
  }

  counter<T extends string>(config: Omit<CounterConfiguration<T>, 'registers'>): Counter<T> {
    const existing = this.registry.getSingleMetric(config.name);
    if (existing) return existing as Counter<T>;
    return new Counter<T>({ ...config, registers: [this.registry] });
  }

  /** A gauge, usually measured at scrape time by its `collect` (a count from a read model); same name, same gauge. */
  gauge<T extends string>(config: Omit<GaugeConfiguration<T>, 'registers'>): Gauge<T> {
    const existing = this.registry.getSingleMetric(config.name);
    if (existing) return existing as Gauge<T>;
    return new Gauge<T>({ ...config, registers: [this.registry] });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
