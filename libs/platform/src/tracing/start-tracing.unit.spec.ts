import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { ConfigurationError } from '../load-config';
import { tracingSettingsOf } from './start-tracing';

const service = { name: 'triage' };

describe('tracing settings from the standard OTEL_* variables', () => {
  it('is off by default, named linchpin-<service>', () => {
    expect(tracingSettingsOf(service, {})).toEqual({ exportOtlp: false, serviceName: 'linchpin-triage' });
  });

  it('exports over OTLP once an endpoint is set or OTEL_TRACES_EXPORTER=otlp, under OTEL_SERVICE_NAME when given', () => {
    expect(tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).exportOtlp).toBe(true);
    expect(tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).exportOtlp).toBe(true);
    expect(tracingSettingsOf(service, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_SERVICE_NAME: 'triage-eu' })).toEqual({ exportOtlp: true, serviceName: 'triage-eu' });
  });

  it('stays off with OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none, whatever the endpoint', () => {
    expect(tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).exportOtlp).toBe(false);
    expect(tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }).exportOtlp).toBe(false);
  });

  it('refuses an exporter it does not have, naming the variable', () => {
    expect(() => tracingSettingsOf(service, { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(ConfigurationError);
    expect(() => tracingSettingsOf(service, { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it('refuses an endpoint that is not an absolute http(s) URL, and an OTEL_SDK_DISABLED that is not true or false', () => {
    expect(() => tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT is not an absolute http\(s\) URL/);
    expect(() => tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector/v1/traces' })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_ENDPOINT/);
    expect(() => tracingSettingsOf(service, { OTEL_SDK_DISABLED: 'yes' })).toThrow(/OTEL_SDK_DISABLED/);
    expect(() => tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318', OTEL_SDK_DISABLED: 'FALSE' })).not.toThrow();
  });

  it('never repeats credentials of an endpoint in the message', () => {
    expect(() => tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://user:s3cret@collector' })).toThrow(/ftp:\/\/\*\*\*@collector/);
    expect(() => tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://user:s3cret@collector' })).not.toThrow(/s3cret/);
  });

  describe('OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG', () => {
    const LOW = '00000000000000000000000000000001';
    const HIGH = 'ffffffff00000000000000000000000f';
    const sampled = (env: NodeJS.ProcessEnv, traceId: string, parent?: 'sampled' | 'dropped') => {
      const sampler = tracingSettingsOf(service, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', ...env }).sampler;
      const context = parent
        ? trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: '00000000000000aa', traceFlags: parent === 'sampled' ? TraceFlags.SAMPLED : TraceFlags.NONE, isRemote: true })
        : ROOT_CONTEXT;
      return sampler?.shouldSample(context, traceId, 'span', SpanKind.SERVER, {}, []).decision === SamplingDecision.RECORD_AND_SAMPLED;
    };

    it('leaves the provider its parent-based always-on when unset', () => {
      expect(tracingSettingsOf(service, {}).sampler).toBeUndefined();
    });

    it('keeps the share of new traces OTEL_TRACES_SAMPLER_ARG says, and follows the caller\'s decision when parent-based', () => {
      const tenth = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' };
      expect(sampled(tenth, LOW)).toBe(true);
      expect(sampled(tenth, HIGH)).toBe(false);
      expect(sampled(tenth, HIGH, 'sampled')).toBe(true);
      expect(sampled(tenth, LOW, 'dropped')).toBe(false);
      expect(sampled({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, LOW)).toBe(false);
      expect(sampled({ OTEL_TRACES_SAMPLER: 'traceidratio' }, HIGH)).toBe(true);
      expect(sampled({ OTEL_TRACES_SAMPLER: 'always_off' }, LOW, 'sampled')).toBe(false);
      expect(sampled({ OTEL_TRACES_SAMPLER: 'ALWAYS_ON' }, HIGH, 'dropped')).toBe(true);
    });

    it('refuses a sampler it does not have and a ratio outside 0 to 1, naming the variable', () => {
      expect(() => tracingSettingsOf(service, { OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(/OTEL_TRACES_SAMPLER is one of always_on/);
      expect(() => tracingSettingsOf(service, { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '10%' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
      expect(() => tracingSettingsOf(service, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow(ConfigurationError);
      expect(() => tracingSettingsOf(service, { OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 'ignored' })).not.toThrow();
    });
  });
});
