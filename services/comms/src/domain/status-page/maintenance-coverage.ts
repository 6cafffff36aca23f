import { PublicMaintenanceWindow } from './public-maintenance.decider';

/**
 * Which components a maintenance window covers (issue 15), read from how detection matches alerts to it
 * (`matchingWindow`: an alert matches when its service is among `services`, or `services` is empty, and it carries
 * every label of `labels`; the service is the alert's `service` label). So a window covers a service when it names
 * that service: in `services`, or as the `service` label (both: only a service in both). Other labels (`env`,
 * `region`) narrow which of its alerts are silenced, but the operator took the service into maintenance, so it is
 * still shown under maintenance. A window naming no service (labels only, e.g. `team: db`) matches alerts of any
 * service and says nothing about which customers see: it covers no component.
 */
export function servicesCoveredBy(window: Pick<PublicMaintenanceWindow, 'services' | 'labels'>): string[] {
  const labelled = window.labels['service'];
  if (labelled === undefined) return [...new Set(window.services)];
  if (window.services.length === 0) return [labelled];
  return window.services.includes(labelled) ? [labelled] : [];
}

/** In force at `now`, as detection decides it: from `startsAt` (included) to `endsAt` (excluded), unless cancelled. */
export const isActiveAt = (window: PublicMaintenanceWindow, now: Date): boolean =>
  !window.cancelled && Date.parse(window.startsAt) <= now.getTime() && now.getTime() < Date.parse(window.endsAt);

/** Not over yet at `now` and not cancelled: shown as a scheduled or in-progress maintenance. */
export const isPendingOrActiveAt = (window: PublicMaintenanceWindow, now: Date): boolean => !window.cancelled && now.getTime() < Date.parse(window.endsAt);
