import { IncidentAssessedEvent } from '@linchpin/contracts';
import { Severity } from './alert.decider';

export interface AssessedAlert {
  firing: boolean;
  service?: string;
  severity: Severity;
  startsAt: string;
  usersAffected?: number;
}

export type Assessment = Omit<IncidentAssessedEvent['data'], 'incidentId'>;

const URGENCY: Record<Severity, 1 | 2 | 3 | 4> = { critical: 1, error: 2, warning: 3, info: 4 };
const SEVERITY_ORDER: Severity[] = ['critical', 'error', 'warning', 'info'];

/**
 * Impact (ITIL 1 extensive … 4 minor) from how far it spreads: services impacted and users
 * reported affected; urgency (1 critical … 4 low) from the most severe alert still firing.
 * Thresholds follow the usual ITIL reading: several services or a thousand users is widespread.
 */
export function assess(alerts: AssessedAlert[], detectedAt: string): Assessment {
  const services = [...new Set(alerts.flatMap((a) => (a.service ? [a.service] : [])))].sort();
  const reported = alerts.filter((a) => a.usersAffected !== undefined);
  const usersAffected = reported.length > 0 ? reported.reduce((sum, a) => sum + (a.usersAffected ?? 0), 0) : undefined;
  const firing = alerts.filter((a) => a.firing);
  const firstSignalAt = alerts.map((a) => a.startsAt).reduce((min, t) => (Date.parse(t) < Date.parse(min) ? t : min));
  const users = usersAffected ?? 0;
  const servicesText = services.length === 0 ? 'no service named' : `${services.length} service${services.length > 1 ? 's' : ''} (${services.join(', ')})`;
  const usersText = usersAffected === undefined ? 'no users reported affected' : `${usersAffected} users reported affected`;
  const impact: 1 | 2 | 3 | 4 = services.length >= 3 || users >= 1000 ? 1 : services.length === 2 || users >= 100 ? 2 : services.length === 1 || users >= 1 ? 3 : 4;
  const impactWords = { 1: 'extensive/widespread', 2: 'significant/large', 3: 'moderate/limited', 4: 'minor/localized' }[impact];
  const considered = firing.length > 0 ? firing : alerts;
  const worst = SEVERITY_ORDER.find((s) => considered.some((a) => a.severity === s)) ?? 'info';
  return {
    impactedServices: services,
    alertCount: alerts.length,
    firingAlertCount: firing.length,
    firstSignalAt,
    detectedAt,
    blastRadius: { services: services.length, alerts: alerts.length, ...(usersAffected !== undefined ? { usersAffected } : {}) },
    suggestedImpact: { level: impact, reason: `${impactWords}: ${servicesText}; ${usersText}` },
    suggestedUrgency: {
      level: URGENCY[worst],
      reason: `the most severe ${firing.length > 0 ? 'firing' : 'recorded'} alert is ${worst} (${considered.length} of ${alerts.length} alerts considered)`,
    },
  };
}
