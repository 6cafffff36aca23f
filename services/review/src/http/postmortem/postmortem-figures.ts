import { PostmortemView } from '../../application/postmortem/postmortem.query';

/** Whole seconds as people read them: `1h 05m 00s`, `5m 00s`, `42s`; `—` when not reached. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m ${pad(s)}s` : m > 0 ? `${m}m ${pad(s)}s` : `${s}s`;
}

/** The metrics rows both renderings show, in the README's order, with the exact seconds beside the readable span. */
export function metricRows(m: PostmortemView['metrics']): [string, string][] {
  const span = (seconds: number | null) => (seconds === null ? '—' : `${durationText(seconds)} (${seconds} s)`);
  return [
    ['Time to detect', span(m.timeToDetect)],
    ['Time to acknowledge', span(m.timeToAcknowledge)],
    ['Time to mitigate', span(m.timeToMitigate) + (m.mitigation === 'resolution' ? ' (no mitigation recorded: the resolution)' : '')],
    ['Time to resolve', span(m.timeToResolve)],
    ['Escalations', String(m.escalations)],
    ['Responders', String(m.responders)],
    ['Pages', String(m.pages)],
    ['Updates sent', `${m.updatesSent.total} (responders ${m.updatesSent.byAudience.responders}, internal ${m.updatesSent.byAudience.internal}, public ${m.updatesSent.byAudience.public})`],
    ['SLA breaches', String(m.slaBreaches)],
  ];
}

/** Why a change is listed: `impacted`, or `dependency: checkout → payments` (the path along `dependsOn`). */
export const changeRelation = (change: PostmortemView['changesBeforeIncident'][number]): string =>
  change.relation === 'impacted' ? 'impacted' : `dependency: ${change.via.join(' → ')}`;

/** The sentence above the changes both renderings show: what was looked for, and in which window. */
export const changesIntro = (pm: PostmortemView): string =>
  `Changes to the impacted services and the services they depend on in the ${pm.changesWindowHours} h before the incident, newest first.`;
