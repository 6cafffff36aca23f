import { IMPACT_NAMES, Level, Priority, PriorityMatrix, priorityOf, severityOf, SevLevel, URGENCY_NAMES } from './priority-matrix';
import { Route, routeOf, RoutingRuleSet } from './routing-rules';

export type Severity = 'critical' | 'error' | 'warning' | 'info';

/** Detection's assessment and the catalog's verdict, as triage received them (IncidentReassessed). */
export interface Evidence {
  suggestedImpact?: Level;
  suggestedUrgency?: Level;
  impactedServices: string[];
  alertCount: number;
  usersAffected?: number;
  /** The most critical tier among the impacted services and everything that depends on them. */
  criticalTier?: Level;
  criticalReason?: string;
}

/** What the incident itself says (from IncidentDetected). */
export interface IncidentFacts {
  title: string;
  severity: Severity;
  source?: string;
  labels: Record<string, string>;
  service?: string;
}

export interface Levels {
  impact: Level;
  urgency: Level;
  reasons: string[];
}

export interface Decision {
  priority: Priority;
  severity: SevLevel;
  impact: Level;
  urgency: Level;
  rationale: string[];
}

export interface Assessment extends Decision {
  route: Route;
}

/** Without evidence, severity stands for both axes (the Foundation's rule). */
const LEVEL_FROM_SEVERITY: Record<Severity, Level> = { critical: 1, error: 2, warning: 3, info: 4 };

const IMPACT_WORDS: Record<string, Level> = {
  extensive: 1, widespread: 1, significant: 2, large: 2, moderate: 3, limited: 3, minor: 4, localized: 4,
};
const URGENCY_WORDS: Record<string, Level> = { critical: 1, high: 2, medium: 3, low: 4 };

const parseLevel = (raw: string | undefined, words: Record<string, Level>): Level | undefined => {
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (/^[1-4]$/.test(value)) return Number(value) as Level;
  return words[value];
};

/**
 * A tier-1 service (or one a tier-1 service depends on) failing is extensive by definition of
 * tier 1; tier 2 is significant. Tiers 3 and 4 add nothing beyond what the signals show.
 */
const IMPACT_FROM_TIER: Partial<Record<Level, Level>> = { 1: 1, 2: 2 };

const fromLabel = (axis: 'impact' | 'urgency', facts: IncidentFacts, words: Record<string, Level>, names: Record<Level, string>) => {
  const raw = facts.labels[axis];
  const level = parseLevel(raw, words);
  const title = axis === 'impact' ? 'Impact' : 'Urgency';
  return {
    level,
    reason: level !== undefined ? `${title} ${level} (${names[level]}) from label ${axis}="${raw}".` : undefined,
    ignored: raw !== undefined && level === undefined ? ` (label ${axis}="${raw}" is not 1–4 or a known word, so it was ignored)` : '',
  };
};

/**
 * Impact and urgency with the reason for each. A label on the alert wins (the sender said so).
 * Otherwise impact is the more severe of detection's suggestion (breadth: services, users) and
 * the catalog's tier; urgency is detection's suggestion (the most severe firing alert). Without
 * evidence, both come from the severity.
 */
export function levelsOf(facts: IncidentFacts, evidence: Evidence | undefined): Levels {
  const impactLabel = fromLabel('impact', facts, IMPACT_WORDS, IMPACT_NAMES);
  const urgencyLabel = fromLabel('urgency', facts, URGENCY_WORDS, URGENCY_NAMES);
  const derived = LEVEL_FROM_SEVERITY[facts.severity];

  let impact: { level: Level; reason: string };
  if (impactLabel.level !== undefined) impact = { level: impactLabel.level, reason: impactLabel.reason! };
  else if (evidence) {
    const fromTier = evidence.criticalTier !== undefined ? IMPACT_FROM_TIER[evidence.criticalTier] : undefined;
    const suggested = evidence.suggestedImpact ?? 4;
    if (fromTier !== undefined && fromTier < suggested) {
      impact = { level: fromTier, reason: `Impact ${fromTier} (${IMPACT_NAMES[fromTier]}): ${evidence.criticalReason ?? `a tier-${evidence.criticalTier} service is impacted`}${impactLabel.ignored}.` };
    } else {
      impact = {
        level: suggested,
        reason: `Impact ${suggested} (${IMPACT_NAMES[suggested]}) as detection assessed it: ${evidence.impactedServices.length} service(s)` +
          `${evidence.usersAffected !== undefined ? `, ${evidence.usersAffected} users affected` : ''}${impactLabel.ignored}.`,
      };
    }
  } else impact = { level: derived, reason: `Impact ${derived} (${IMPACT_NAMES[derived]}) derived from severity ${facts.severity}${impactLabel.ignored}.` };

  let urgency: { level: Level; reason: string };
  if (urgencyLabel.level !== undefined) urgency = { level: urgencyLabel.level, reason: urgencyLabel.reason! };
  else if (evidence?.suggestedUrgency !== undefined) {
    urgency = { level: evidence.suggestedUrgency, reason: `Urgency ${evidence.suggestedUrgency} (${URGENCY_NAMES[evidence.suggestedUrgency]}) from the most severe firing alert${urgencyLabel.ignored}.` };
  } else urgency = { level: derived, reason: `Urgency ${derived} (${URGENCY_NAMES[derived]}) derived from severity ${facts.severity}${urgencyLabel.ignored}.` };

  return { impact: impact.level, urgency: urgency.level, reasons: [impact.reason, urgency.reason] };
}

/** Priority, severity and the rationale from given levels. */
export function decide(levels: Levels, matrix: PriorityMatrix): Decision {
  const priority = priorityOf(matrix, levels.impact, levels.urgency);
  return {
    priority,
    severity: severityOf(priority),
    impact: levels.impact,
    urgency: levels.urgency,
    rationale: [...levels.reasons, `Matrix ${matrix.id} v${matrix.version}: impact ${levels.impact} × urgency ${levels.urgency} gives ${priority}.`],
  };
}

/** The first triage: priority and route with the reasons, as sentences a responder can read. Pure and deterministic. */
export function assess(
  facts: IncidentFacts,
  evidence: Evidence | undefined,
  matrix: PriorityMatrix,
  rules: RoutingRuleSet,
  catalogOwner?: { team: string; escalationPolicy?: string },
): Assessment {
  const decision = decide(levelsOf(facts, evidence), matrix);
  const route = routeOf(rules, {
    labels: facts.labels,
    ...(facts.service !== undefined ? { service: facts.service } : {}),
    ...(facts.source !== undefined ? { source: facts.source } : {}),
    title: facts.title,
    ...(catalogOwner ? { catalogOwner } : {}),
  });
  return {
    ...decision,
    route,
    rationale: [
      ...decision.rationale,
      `Routing rule ${route.position} "${route.ruleId}" of ${rules.id} v${rules.version} fired (${route.because}): team ${route.team}` +
        `${route.escalationPolicy ? `, escalation policy ${route.escalationPolicy}` : ''}.`,
    ],
  };
}
