import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, Sampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { ConfigurationProblem } from '../load-config';

const NAMES = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];

/**
 * OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG as the OpenTelemetry specification defines them: the SDK 3.x no
 * longer reads them itself. Unset: undefined, the provider's own parentbased_always_on. The specification falls back
 * to a default on a name or a ratio it cannot read; here start-up refuses it, as it does a wrong exporter, since an
 * operator who asked for 10 % and silently got everything (or nothing) learns it only from the bill or a missing trace.
 */
export function samplerOf(env: NodeJS.ProcessEnv): { sampler?: Sampler; problems: ConfigurationProblem[] } {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  if (!name) return { problems: [] };
  if (!NAMES.includes(name)) {
    return { problems: [{ variable: 'OTEL_TRACES_SAMPLER', reason: `is one of ${NAMES.join(', ')}`, value: env.OTEL_TRACES_SAMPLER ?? '' }] };
  }
  const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const ratio = arg ? Number(arg) : 1;
  if (name.endsWith('traceidratio') && !(ratio >= 0 && ratio <= 1)) {
    return { problems: [{ variable: 'OTEL_TRACES_SAMPLER_ARG', reason: `is the share of traces to keep, from 0 to 1, for ${name}`, value: env.OTEL_TRACES_SAMPLER_ARG ?? '' }] };
  }
  const root = name.endsWith('always_on') ? new AlwaysOnSampler() : name.endsWith('always_off') ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(ratio);
  return { sampler: name.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root, problems: [] };
}
