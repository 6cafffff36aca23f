import { IMPACT_NAMES, Level, Priority, PriorityMatrix, priorityOf, URGENCY_NAMES } from './priority-matrix';
import { Route, routeOf, RoutingRuleSet } from './routing-rules';

export type Severity = 'critical' | 'error' | 'warning' | 'info';

export interface AssessmentInput {
  severity: Severity;
  labels: Record<string, string>;
  service?: string;
}

export interface Assessment {
  priority: Priority;
  impact: Level;
  urgency: Level;
  route: Route;
  rationale: string[];
}

/**
 * Without labels, severity stands for both axes: a critical alert is presumed widespread and
 * urgent until someone says otherwise with an `impact` / `urgency` label.
 */
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

const levelFor = (
  axis: 'impact' | 'urgency',
  input: AssessmentInput,
  words: Record<string, Level>,
  names: Record<Level, string>,
): { level: Level; reason: string } => {
  const raw = input.labels[axis];
  const parsed = parseLevel(raw, words);
  const derived = LEVEL_FROM_SEVERITY[input.severity];
  const title = axis === 'impact' ? 'Impact' : 'Urgency';
  if (parsed !== undefined) return { level: parsed, reason: `${title} ${parsed} (${names[parsed]}) from label ${axis}="${raw}".` };
  const ignored = raw === undefined ? '' : ` (label ${axis}="${raw}" is not 1–4 or a known word, so it was ignored)`;
  return { level: derived, reason: `${title} ${derived} (${names[derived]}) derived from severity ${input.severity}${ignored}.` };
};

/** Priority and route with the reasons, as sentences a responder can read. Pure and deterministic. */
export const assess = (input: AssessmentInput, matrix: PriorityMatrix, rules: RoutingRuleSet): Assessment => {
  const impact = levelFor('impact', input, IMPACT_WORDS, IMPACT_NAMES);
  const urgency = levelFor('urgency', input, URGENCY_WORDS, URGENCY_NAMES);
  const priority = priorityOf(matrix, impact.level, urgency.level);
  const route = routeOf(rules, input);
  return {
    priority,
    impact: impact.level,
    urgency: urgency.level,
    route,
    rationale: [
      impact.reason,
      urgency.reason,
      `Matrix ${matrix.id} v${matrix.version}: impact ${impact.level} × urgency ${urgency.level} gives ${priority}.`,
      `Routing rule ${route.position} "${route.ruleId}" of ${rules.id} v${rules.version} fired (${route.because}): team ${route.team}.`,
    ],
  };
};
