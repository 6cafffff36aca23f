import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, CounterConfiguration, Gauge, GaugeConfiguration, Histogram, HistogramConfiguration, Registry } from 'prom-client';

/** Seconds; from a fast read (a few ms) to a slow command under load. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One series of a measured gauge: its labels and value. */
export interface Measurement<T extends string> {
  labels: Partial<Record<T, string>>;
  value: number;
}

/** What a measured gauge asks a source at each scrape. */
export type MeasureSource<T extends string> = () => Measurement<T>[] | Promise<Measurement<T>[]>;

interface MeasuredSource<T extends string> {
  measure: MeasureSource<T>;
  onError?: (error: unknown) => void;
}

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
  private readonly sources = new Map<string, MeasuredSource<string>[]>();

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
    return this.single(config.name, () => new Counter<T>({ ...config, registers: [this.registry] }));
  }

  /** A gauge, usually measured at scrape time by its `collect` (a count from a read model); same name, same gauge. */
  gauge<T extends string>(config: Omit<GaugeConfiguration<T>, 'registers'>): Gauge<T> {
    return this.single(config.name, () => new Gauge<T>({ ...config, registers: [this.registry] }));
  }

  /** A histogram; same name, same histogram. */
  histogram<T extends string>(config: Omit<HistogramConfiguration<T>, 'registers'>): Histogram<T> {
    return this.single(config.name, () => new Histogram<T>({ ...config, registers: [this.registry] }));
  }

  /**
   * A gauge measured at scrape from several sources: each caller adds one (standalone's five relays, each
   * service's durable timers) and every scrape sets the series all of them answer, and only those, so a
   * series nobody answers for any more disappears. A source that fails leaves its series out of that
   * scrape (no value beats a wrong one) and is passed to `onError`.
   */
  measured<T extends string>(config: Omit<GaugeConfiguration<T>, 'registers' | 'collect'>, source: MeasureSource<T>, onError?: (error: unknown) => void): Gauge<T> {
    let sources = this.sources.get(config.name) as MeasuredSource<T>[] | undefined;
    if (!sources) {
      const all: MeasuredSource<T>[] = (sources = []);
      this.sources.set(config.name, all as MeasuredSource<string>[]);
      this.gauge<T>({
        ...config,
        async collect() {
          const answers = await Promise.all(
            all.map(({ measure, onError: failed }) =>
              Promise.resolve()
                .then(measure)
                .catch((error: unknown) => (failed?.(error), [] as Measurement<T>[])),
            ),
          );
          this.reset();
          for (const { labels, value } of answers.flat()) this.set(labels, value);
        },
      });
    }
    sources.push({ measure: source, onError });
    return this.registry.getSingleMetric(config.name) as Gauge<T>;
  }

  /** The metric of that name already registered (several contexts in one process ask for it), else a new one. */
  private single<M>(name: string, create: () => M): M {
    return (this.registry.getSingleMetric(name) as M | undefined) ?? create();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
