import { Type } from '@sinclair/typebox';
import { assertNever, CommandContext, configurationMetadata, Decider, DomainError } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, Labels, Priority as PrioritySchema } from '@linchpin/contracts';
import { FieldError, ITIL_DEFAULT_MATRIX, Priority, PriorityMatrix, validateMatrix } from './priority-matrix';
import { canonicalDefaultRoute, canonicalRules, DefaultRoute, ROUTING_DEFAULT, RoutingRule, RoutingRuleSet, validateRuleSet } from './routing-rules';

/*
 * The priority matrix and the routing rules as versioned data. Version 1 of each is the built-in
 * default (itil-default, routing-default), never stored; every change stores the next version, and
 * each triage names the version it used. Internal to triage: streams `priorityMatrix-default` and
 * `routingRules-default`, not published.
 */

const Name = Type.String({ minLength: 1 });
const Policy = { escalationPolicy: Type.Optional(Name) };

export const PriorityMatrixVersioned = defineEvent(
  'PriorityMatrixVersioned',
  1,
  Type.Object({
    id: Name,
    version: Type.Integer({ minimum: 2 }),
    /** cells[impact - 1][urgency - 1] */
    cells: Type.Array(Type.Array(PrioritySchema, { minItems: 4, maxItems: 4 }), { minItems: 4, maxItems: 4 }),
    reason: Type.Optional(Type.String()),
  }),
);

export const RoutingRulesVersioned = defineEvent(
  'RoutingRulesVersioned',
  1,
  Type.Object({
    id: Name,
    version: Type.Integer({ minimum: 2 }),
    rules: Type.Array(
      Type.Object({
        id: Name,
        description: Type.Optional(Type.String()),
        when: Type.Object({
          services: Type.Optional(Type.Array(Name)),
          labels: Type.Optional(Labels),
          sources: Type.Optional(Type.Array(Name)),
          text: Type.Optional(Name),
        }),
        route: Type.Union([
          Type.Object({ team: Name, ...Policy }),
          Type.Object({ teamFromLabel: Name, ...Policy }),
          Type.Object({ teamFromCatalog: Type.Literal(true), ...Policy }),
          Type.Object({ teamFromService: Type.Literal(true), ...Policy }),
        ]),
      }),
    ),
    defaultRoute: Type.Object({ team: Name, ...Policy }),
    reason: Type.Optional(Type.String()),
  }),
);

export type PriorityMatrixVersionedEvent = EventOf<typeof PriorityMatrixVersioned>;
export type RoutingRulesVersionedEvent = EventOf<typeof RoutingRulesVersioned>;

/** Publish new cells as the next version of the matrix. */
export interface VersionPriorityMatrix {
  type: 'VersionPriorityMatrix';
  eventId: string;
  cells: readonly (readonly string[])[];
  reason?: string;
  /** The version the caller edited: refused when another has been published since. */
  basedOnVersion?: number;
  context: CommandContext;
}

/** Publish a new rule list and default route as the next version of the rule set. */
export interface VersionRoutingRules {
  type: 'VersionRoutingRules';
  eventId: string;
  rules: readonly RoutingRule[];
  defaultRoute: DefaultRoute;
  reason?: string;
  basedOnVersion?: number;
  context: CommandContext;
}

export type PriorityMatrixState = { status: 'built-in'; matrix: PriorityMatrix } | { status: 'versioned'; matrix: PriorityMatrix };
export type RoutingRulesState = { status: 'built-in'; rules: RoutingRuleSet } | { status: 'versioned'; rules: RoutingRuleSet };

const refuseInvalid = (code: string, errors: FieldError[]): void => {
  if (errors.length === 0) return;
  const message = errors.length === 1 ? errors[0].reason : errors.map((e) => `${e.field}: ${e.reason}`).join('; ');
  throw new DomainError(code, message, errors[0].field);
};

const refuseStale = (code: string, what: string, basedOn: number | undefined, current: number): void => {
  if (basedOn !== undefined && basedOn !== current) {
    throw new DomainError(code, `${what} was edited from version ${basedOn}, but version ${current} has been published since`, 'basedOnVersion');
  }
};

const withReason = (reason: string | undefined): { reason?: string } => (reason !== undefined && reason.trim() !== '' ? { reason } : {});

export const priorityMatrixDecider: Decider<VersionPriorityMatrix, PriorityMatrixState, PriorityMatrixVersionedEvent> = {
  initialState: { status: 'built-in', matrix: ITIL_DEFAULT_MATRIX },
  evolve: (_state, event) => ({ status: 'versioned', matrix: { id: event.data.id, version: event.data.version, cells: event.data.cells } }),
  decide(command, state) {
    switch (state.status) {
      case 'built-in':
      case 'versioned': {
        refuseInvalid('priority-matrix-invalid', validateMatrix(command.cells));
        const current = state.matrix;
        refuseStale('priority-matrix-stale', 'the priority matrix', command.basedOnVersion, current.version);
        const cells = command.cells.map((row) => row.map((cell) => cell as Priority));
        // The same cells again are not a new version: every triage would name a new version for nothing.
        if (JSON.stringify(cells) === JSON.stringify(current.cells)) return [];
        return [
          PriorityMatrixVersioned.create(
            command.eventId,
            { id: current.id, version: current.version + 1, cells, ...withReason(command.reason) },
            configurationMetadata(command.context),
          ),
        ];
      }
      default:
        return assertNever(state);
    }
  },
};

export const routingRulesDecider: Decider<VersionRoutingRules, RoutingRulesState, RoutingRulesVersionedEvent> = {
  initialState: { status: 'built-in', rules: ROUTING_DEFAULT },
  evolve: (_state, event) => ({
    status: 'versioned',
    rules: { id: event.data.id, version: event.data.version, rules: event.data.rules, defaultRoute: event.data.defaultRoute },
  }),
  decide(command, state) {
    switch (state.status) {
      case 'built-in':
      case 'versioned': {
        refuseInvalid('routing-rules-invalid', validateRuleSet({ rules: command.rules, defaultRoute: command.defaultRoute }));
        const current = state.rules;
        refuseStale('routing-rules-stale', 'the routing rules', command.basedOnVersion, current.version);
        const rules = canonicalRules(command.rules);
        const defaultRoute = canonicalDefaultRoute(command.defaultRoute);
        const same =
          JSON.stringify({ rules, defaultRoute }) ===
          JSON.stringify({ rules: canonicalRules(current.rules), defaultRoute: canonicalDefaultRoute(current.defaultRoute) });
        if (same) return [];
        return [
          RoutingRulesVersioned.create(
            command.eventId,
            { id: current.id, version: current.version + 1, rules, defaultRoute, ...withReason(command.reason) },
            configurationMetadata(command.context),
          ),
        ];
      }
      default:
        return assertNever(state);
    }
  },
};
