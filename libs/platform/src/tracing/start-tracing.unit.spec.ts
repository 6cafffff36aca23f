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
});
