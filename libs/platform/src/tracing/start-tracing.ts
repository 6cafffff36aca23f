import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, resourceAttributesEnvDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, Sampler, SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ConfigurationError, ConfigurationProblem } from '../load-config';
import { ServiceDefinition } from '../service-definition';
import { samplerOf } from './trace-sampler';

/** What the standard OTEL_* variables ask of this process (README "Tracing"). */
export interface TracingSettings {
  /** Export spans over OTLP (http/protobuf to OTEL_EXPORTER_OTLP_ENDPOINT, which the exporter reads itself). */
  exportOtlp: boolean;
  /** `service.name` of the spans: OTEL_SERVICE_NAME, else `linchpin-<service>`. */
  serviceName: string;
  /** OTEL_TRACES_SAMPLER (and its _ARG) when set; else the provider's parent-based always-on. */
  sampler?: Sampler;
}

const truthy = (value: string | undefined): boolean => value?.trim().toLowerCase() === 'true';

/** Credentials in a URL (`//user:pass@`) are never repeated in an error message. */
const withoutCredentials = (value: string): string => value.replace(/\/\/[^/@]*@/, '//***@');

/**
 * The OTLP endpoints the exporter would read, each an absolute http(s) URL. The exporter itself only reports a bad
 * one through OpenTelemetry's diagnostic logger, which is silent: the process would run untraced, found out when a
 * trace is needed. OTEL_SDK_DISABLED is `true` or `false`, so a typo (`yes`, `1`) does not leave tracing on unasked.
 */
function endpointProblems(env: NodeJS.ProcessEnv): ConfigurationProblem[] {
  const problems: ConfigurationProblem[] = [];
  for (const variable of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
    const value = env[variable]?.trim();
    if (!value) continue;
    let protocol: string | undefined;
    try {
      protocol = new URL(value).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      problems.push({ variable, reason: 'is not an absolute http(s) URL (e.g. http://otel-collector:4318)', value: withoutCredentials(value) });
    }
  }
  const disabled = env.OTEL_SDK_DISABLED?.trim().toLowerCase();
  if (disabled && disabled !== 'true' && disabled !== 'false') {
    problems.push({ variable: 'OTEL_SDK_DISABLED', reason: 'is `true` or `false`', value: env.OTEL_SDK_DISABLED ?? '' });
  }
  return problems;
}

/**
 * Tracing is on when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or
 * OTEL_TRACES_EXPORTER is `otlp`; off when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. Another exporter
 * name is refused at start: a trace the operator asked for and never gets would be found missing only when needed.
 */
export function tracingSettingsOf(service: Pick<ServiceDefinition, 'name'>, env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || `linchpin-${service.name}`;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const { sampler, problems: samplerProblems } = samplerOf(env);
  const problems = [...endpointProblems(env), ...samplerProblems];
  const unsupported = exporters.filter((name) => name !== 'otlp' && name !== 'none');
  if (unsupported.length > 0) {
    const reason = 'names an exporter Linchpin does not have: traces go over OTLP only ("otlp", or "none")';
    problems.unshift({ variable: 'OTEL_TRACES_EXPORTER', reason, value: env.OTEL_TRACES_EXPORTER ?? '' });
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  if (truthy(env.OTEL_SDK_DISABLED) || exporters.includes('none')) return { exportOtlp: false, serviceName };
  const endpoint = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
  return { exportOtlp: exporters.includes('otlp') || endpoint, serviceName, ...(sampler ? { sampler } : {}) };
}

let registered: TracerProvider | undefined;

/**
 * Registers OpenTelemetry for this process: the tracer provider with these span processors, the AsyncLocalStorage
 * context manager (a span stays current across awaits) and the W3C trace context and baggage propagators. Once per
 * process: a later call (another app in the same test process) keeps the first registration and returns it.
 */
export function registerTracing(serviceName: string, spanProcessors: SpanProcessor[], sampler?: Sampler): TracerProvider {
  if (registered) return registered;
  const resource = defaultResource()
    .merge(detectResources({ detectors: [resourceAttributesEnvDetector] }))
    .merge(resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'linchpin' }));
  const provider = new TracerProvider({ resource, spanProcessors, ...(sampler ? { sampler } : {}) });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  trace.setGlobalTracerProvider(provider);
  registered = provider;
  return provider;
}

/**
 * Starts tracing as the environment asks (tracingSettingsOf), before the app is built. Off, nothing is registered:
 * the OpenTelemetry API stays a no-op, no span is made, no event carries a trace context. A process where tracing
 * was already registered (a test with its in-memory exporter) keeps that registration.
 */
export function startTracing(service: Pick<ServiceDefinition, 'name'>, env: NodeJS.ProcessEnv = process.env): void {
  const settings = tracingSettingsOf(service, env);
  if (registered || !settings.exportOtlp) return;
  registerTracing(settings.serviceName, [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })], settings.sampler);
}

/** Sends the spans still queued (at shutdown); nothing when tracing is off. */
export async function flushTraces(): Promise<void> {
  await registered?.forceFlush();
}
