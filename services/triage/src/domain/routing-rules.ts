import { compileLinearPattern, LinearPattern } from '@linchpin/patterns';
import { FieldError } from './priority-matrix';

/** What routing looks at. */
export interface RoutingInput {
  labels: Record<string, string>;
  service?: string;
  /** Who sent the first signal: `prometheus`, `grafana`, `pagerduty`, `report`, … */
  source?: string;
  title?: string;
  /** The service catalog's owner of `service`, looked up by the caller (the domain does no I/O). */
  catalogOwner?: { team: string; escalationPolicy?: string };
}

/** Every condition given must hold; a rule with none matches every incident. */
export interface RoutingConditions {
  /** The incident's service is one of these. */
  services?: string[];
  /** The incident carries each of these labels with exactly this value. */
  labels?: Record<string, string>;
  /** The incident's source is one of these. */
  sources?: string[];
  /**
   * A regular expression found in the title, case-insensitive: JavaScript syntax run on a
   * linear-time engine (RE2), so backreferences and lookaround are refused.
   */
  text?: string;
}

/**
 * Where the team comes from, exactly one of: a fixed `team`; the value of label `teamFromLabel`;
 * the service catalog's owner (`teamFromCatalog`); the team named like the service
 * (`teamFromService`, routing-default v1's convention from before the catalog). When the source
 * gives no team (label absent or blank, service not in the catalog, no service), the rule does not
 * apply and the next one is tried.
 */
export type TeamSource = { team: string } | { teamFromLabel: string } | { teamFromCatalog: true } | { teamFromService: true };

/** The rule's escalation policy wins; without one, a catalog route takes the catalog's. */
export type RuleRoute = TeamSource & { escalationPolicy?: string };

/**
 * One rule, as data. Example (not in the default set): route by the service catalog's owner,
 * with the owner's escalation policy —
 * `{ "id": "catalog-owner", "description": "the service catalog's owner", "when": {}, "route": { "teamFromCatalog": true } }`.
 */
export interface RoutingRule {
  id: string;
  /** A sentence saying when the rule applies. */
  description?: string;
  when: RoutingConditions;
  route: RuleRoute;
}

/** Where an incident goes when no rule applies, so none is left without an owner. */
export interface DefaultRoute {
  team: string;
  escalationPolicy?: string;
}

export interface RoutingRuleSet {
  id: string;
  version: number;
  /** Tried in order; the first that applies routes the incident; else `defaultRoute`. */
  rules: RoutingRule[];
  defaultRoute: DefaultRoute;
}

export interface Route {
  team: string;
  escalationPolicy?: string;
  /** `<rule set id>/<rule id>`: which rule of which set fired (`<set>/fallback-<team>` for the default route). */
  ruleId: string;
  ruleVersion: number;
  because: string;
  /** 1-based position of the rule; the default route counts as one past the last rule. */
  position: number;
}

/** Rule ids starting so are reserved: the default route is reported as `fallback-<team>`. */
const FALLBACK_PREFIX = 'fallback-';
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_RULES = 200;
const MAX_LIST = 100;
/** Titles are matched on every incident: a short pattern keeps a careless one cheap to find. */
const MAX_TEXT = 500;
const MAX_NAME = 256;

/**
 * routing-default v1, the rules from before they were data, most specific first: an explicit
 * `team` label is the sender saying who owns it; else the team named like the affected service;
 * else `operations`, so no incident is ever left without an owner.
 */
export const ROUTING_DEFAULT: RoutingRuleSet = {
  id: 'routing-default',
  version: 1,
  rules: [
    { id: 'team-label', description: 'the alert names its team in label "team"', when: {}, route: { teamFromLabel: 'team' } },
    { id: 'service-team', description: 'the team named like the affected service owns it', when: {}, route: { teamFromService: true } },
  ],
  defaultRoute: { team: 'operations' },
};

const nonBlank = (value: string | undefined): string | undefined => (value !== undefined && value.trim() !== '' ? value.trim() : undefined);

/** Titles come from outside and rules from people: a linear-time engine, so no pattern stalls triage. */
const compiled = (text: string): LinearPattern | undefined => {
  const result = compileLinearPattern(text, 'i');
  return result.ok ? result.pattern : undefined;
};

/** The reasons each condition holds, or undefined when one does not. */
const conditionsMet = (when: RoutingConditions, input: RoutingInput): string[] | undefined => {
  const reasons: string[] = [];
  if (when.services !== undefined) {
    if (input.service === undefined || !when.services.includes(input.service)) return undefined;
    reasons.push(`service "${input.service}"`);
  }
  for (const [name, value] of Object.entries(when.labels ?? {})) {
    if (input.labels[name] !== value) return undefined;
    reasons.push(`label ${name}="${value}"`);
  }
  if (when.sources !== undefined) {
    if (input.source === undefined || !when.sources.includes(input.source)) return undefined;
    reasons.push(`source "${input.source}"`);
  }
  if (when.text !== undefined) {
    const pattern = compiled(when.text);
    if (pattern === undefined || input.title === undefined || !pattern.test(input.title)) return undefined;
    reasons.push(`title matches /${when.text}/i`);
  }
  return reasons;
};

interface Target {
  team: string;
  escalationPolicy?: string;
  because?: string;
}

type Source = { kind: 'team'; team: string } | { kind: 'label'; label: string } | { kind: 'catalog' } | { kind: 'service' };

/**
 * Which team source a route names, by value: request bodies arrive as objects whose absent
 * fields may be present as undefined, so `in` would mislead.
 */
const sourceOf = (route: RuleRoute): Source => {
  const fields = route as { team?: string; teamFromLabel?: string; teamFromService?: true };
  if (fields.team !== undefined) return { kind: 'team', team: fields.team };
  if (fields.teamFromLabel !== undefined) return { kind: 'label', label: fields.teamFromLabel };
  if (fields.teamFromService !== undefined) return { kind: 'service' };
  return { kind: 'catalog' };
};

const targetOf = (route: RuleRoute, input: RoutingInput): Target | undefined => {
  const source = sourceOf(route);
  switch (source.kind) {
    case 'team':
      return { team: source.team };
    case 'label': {
      const team = nonBlank(input.labels[source.label]);
      return team ? { team, because: `label ${source.label}="${team}"` } : undefined;
    }
    case 'service': {
      const team = nonBlank(input.service);
      return team ? { team, because: `service "${team}" is owned by the team of the same name` } : undefined;
    }
    case 'catalog': {
      const owner = input.catalogOwner;
      const team = nonBlank(owner?.team);
      if (!owner || !team) return undefined;
      const of = input.service !== undefined ? ` of service "${input.service}"` : '';
      return { team, escalationPolicy: owner.escalationPolicy, because: `the service catalog names team "${team}" owner${of}` };
    }
  }
};

const withPolicy = (policy: string | undefined): { escalationPolicy?: string } => (policy !== undefined ? { escalationPolicy: policy } : {});

export const routeOf = (ruleSet: RoutingRuleSet, input: RoutingInput): Route => {
  for (const [index, rule] of ruleSet.rules.entries()) {
    const reasons = conditionsMet(rule.when, input);
    if (reasons === undefined) continue;
    const target = targetOf(rule.route, input);
    if (target === undefined) continue;
    const because = [...reasons, ...(target.because !== undefined ? [target.because] : [])];
    return {
      team: target.team,
      ...withPolicy(rule.route.escalationPolicy ?? target.escalationPolicy),
      ruleId: `${ruleSet.id}/${rule.id}`,
      ruleVersion: ruleSet.version,
      because: because.length > 0 ? because.join('; ') : 'the rule applies to every incident',
      position: index + 1,
    };
  }
  const { team, escalationPolicy } = ruleSet.defaultRoute;
  return {
    team,
    ...withPolicy(escalationPolicy),
    ruleId: `${ruleSet.id}/${FALLBACK_PREFIX}${team}`,
    ruleVersion: ruleSet.version,
    because: ruleSet.rules.length > 0 ? 'no rule applied' : 'the rule set has no rules',
    position: ruleSet.rules.length + 1,
  };
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonBlank = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const checkName = (errors: FieldError[], field: string, value: unknown, required: boolean): void => {
  if (value === undefined && !required) return;
  if (!isNonBlank(value)) errors.push({ field, reason: 'must be a non-blank string' });
  else if (value.length > MAX_NAME) errors.push({ field, reason: `must be at most ${MAX_NAME} characters` });
};

const checkList = (errors: FieldError[], field: string, value: unknown): void => {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) {
    errors.push({ field, reason: `must list 1–${MAX_LIST} values (omit it to match any)` });
    return;
  }
  value.forEach((item, i) => checkName(errors, `${field}.${i}`, item, true));
};

const checkConditions = (errors: FieldError[], field: string, when: unknown): void => {
  if (!isRecord(when)) {
    errors.push({ field, reason: 'must be an object ({} matches every incident)' });
    return;
  }
  checkList(errors, `${field}.services`, when.services);
  checkList(errors, `${field}.sources`, when.sources);
  if (when.labels !== undefined) {
    if (!isRecord(when.labels)) errors.push({ field: `${field}.labels`, reason: 'must be an object of label values' });
    else {
      for (const [name, value] of Object.entries(when.labels)) {
        if (typeof value !== 'string') errors.push({ field: `${field}.labels.${name}`, reason: 'must be a string' });
      }
    }
  }
  if (when.text !== undefined) {
    if (!isNonBlank(when.text) || when.text.length > MAX_TEXT) {
      errors.push({ field: `${field}.text`, reason: `must be a non-blank regular expression of at most ${MAX_TEXT} characters` });
    } else {
      const result = compileLinearPattern(when.text, 'i');
      if (!result.ok) errors.push({ field: `${field}.text`, reason: result.problem.reason });
    }
  }
};

const TEAM_SOURCES = ['team', 'teamFromLabel', 'teamFromCatalog', 'teamFromService'] as const;

const checkRoute = (errors: FieldError[], field: string, route: unknown): void => {
  if (!isRecord(route)) {
    errors.push({ field, reason: 'must be an object' });
    return;
  }
  const given = TEAM_SOURCES.filter((source) => route[source] !== undefined);
  if (given.length !== 1) {
    errors.push({ field, reason: `must have exactly one of ${TEAM_SOURCES.join(', ')} (has ${given.length === 0 ? 'none' : given.join(', ')})` });
  }
  checkName(errors, `${field}.team`, route.team, false);
  checkName(errors, `${field}.teamFromLabel`, route.teamFromLabel, false);
  for (const flag of ['teamFromCatalog', 'teamFromService'] as const) {
    if (route[flag] !== undefined && route[flag] !== true) errors.push({ field: `${field}.${flag}`, reason: 'must be true (or omitted)' });
  }
  checkName(errors, `${field}.escalationPolicy`, route.escalationPolicy, false);
};

/**
 * Field errors of a proposed rule set (empty when valid): unique ids, conditions that can be
 * evaluated (the title pattern compiles), exactly one team source per rule, a default team.
 */
export const validateRuleSet = (ruleSet: { rules: unknown; defaultRoute: unknown }): FieldError[] => {
  const errors: FieldError[] = [];
  const { rules, defaultRoute } = ruleSet;
  if (!Array.isArray(rules) || rules.length > MAX_RULES) {
    errors.push({ field: 'rules', reason: `must be a list of at most ${MAX_RULES} rules` });
  } else {
    const seen = new Map<string, number>();
    rules.forEach((rule: unknown, i) => {
      const field = `rules.${i}`;
      if (!isRecord(rule)) {
        errors.push({ field, reason: 'must be an object' });
        return;
      }
      if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id)) {
        errors.push({ field: `${field}.id`, reason: 'must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit' });
      } else if (rule.id.startsWith(FALLBACK_PREFIX)) {
        errors.push({ field: `${field}.id`, reason: `"${FALLBACK_PREFIX}" starts the default route's name; choose another id` });
      } else if (seen.has(rule.id)) {
        errors.push({ field: `${field}.id`, reason: `"${rule.id}" is already the id of rules.${seen.get(rule.id)}` });
      } else {
        seen.set(rule.id, i);
      }
      if (rule.description !== undefined && typeof rule.description !== 'string') errors.push({ field: `${field}.description`, reason: 'must be a string' });
      checkConditions(errors, `${field}.when`, rule.when);
      checkRoute(errors, `${field}.route`, rule.route);
    });
  }
  if (!isRecord(defaultRoute)) errors.push({ field: 'defaultRoute', reason: 'must be an object with a team' });
  else {
    checkName(errors, 'defaultRoute.team', defaultRoute.team, true);
    checkName(errors, 'defaultRoute.escalationPolicy', defaultRoute.escalationPolicy, false);
  }
  return errors;
};

const sortedRecord = (record: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const canonicalRoute = (route: RuleRoute): RuleRoute => {
  const policy = withPolicy(route.escalationPolicy);
  const source = sourceOf(route);
  switch (source.kind) {
    case 'team':
      return { team: source.team, ...policy };
    case 'label':
      return { teamFromLabel: source.label, ...policy };
    case 'service':
      return { teamFromService: true, ...policy };
    case 'catalog':
      return { teamFromCatalog: true, ...policy };
  }
};

/**
 * A valid rule list as plain data in one key order, without absent fields: what is stored, and
 * what "the same rules again" is compared on.
 */
export const canonicalRules = (rules: readonly RoutingRule[]): RoutingRule[] =>
  rules.map((rule) => ({
    id: rule.id,
    ...(rule.description !== undefined ? { description: rule.description } : {}),
    when: {
      ...(rule.when.services !== undefined ? { services: [...rule.when.services] } : {}),
      ...(rule.when.labels !== undefined ? { labels: sortedRecord(rule.when.labels) } : {}),
      ...(rule.when.sources !== undefined ? { sources: [...rule.when.sources] } : {}),
      ...(rule.when.text !== undefined ? { text: rule.when.text } : {}),
    },
    route: canonicalRoute(rule.route),
  }));

export const canonicalDefaultRoute = (route: DefaultRoute): DefaultRoute => ({ team: route.team, ...withPolicy(route.escalationPolicy) });
