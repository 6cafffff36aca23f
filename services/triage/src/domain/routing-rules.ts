/** What routing looks at: the incident's labels and its service (labels.service). */
export interface RoutingInput {
  labels: Record<string, string>;
  service?: string;
}

export interface RoutingRule {
  id: string;
  /** A sentence saying when the rule applies. */
  description: string;
  /** The team, or undefined when the rule does not apply. */
  match(input: RoutingInput): { team: string; because: string } | undefined;
}

export interface RoutingRuleSet {
  id: string;
  version: number;
  /** Tried in order; the first that matches routes the incident. The last always matches. */
  rules: readonly RoutingRule[];
}

export interface Route {
  team: string;
  /** `<rule set id>/<rule id>`: which rule of which set fired. */
  ruleId: string;
  ruleVersion: number;
  because: string;
  position: number;
}

const nonBlank = (value: string | undefined): string | undefined => (value && value.trim() !== '' ? value.trim() : undefined);

/**
 * The default rules, most specific first: an explicit `team` label is the sender saying who
 * owns it; else the service's team of the same name (the convention until a service catalog
 * says otherwise); else `operations`, so no incident is ever left without an owner.
 */
export const ROUTING_DEFAULT: RoutingRuleSet = {
  id: 'routing-default',
  version: 1,
  rules: [
    {
      id: 'team-label',
      description: 'the alert names its team in label "team"',
      match: ({ labels }) => {
        const team = nonBlank(labels.team);
        return team ? { team, because: `label team="${team}"` } : undefined;
      },
    },
    {
      id: 'service-team',
      description: 'the team named like the affected service owns it',
      match: ({ service }) => {
        const team = nonBlank(service);
        return team ? { team, because: `service "${team}" is owned by the team of the same name` } : undefined;
      },
    },
    {
      id: 'fallback-operations',
      description: 'anything else goes to operations',
      match: () => ({ team: 'operations', because: 'no team label and no service' }),
    },
  ],
};

export const routeOf = (ruleSet: RoutingRuleSet, input: RoutingInput): Route => {
  for (const [index, rule] of ruleSet.rules.entries()) {
    const hit = rule.match(input);
    if (hit) {
      return { team: hit.team, ruleId: `${ruleSet.id}/${rule.id}`, ruleVersion: ruleSet.version, because: hit.because, position: index + 1 };
    }
  }
  throw new Error(`routing rule set ${ruleSet.id} v${ruleSet.version} has no rule that always matches`);
};
