import { Type } from '@sinclair/typebox';
import { assertNever, CommandContext, Decider } from '@linchpin/eventsourcing';
import { defineEvent, EventOf, Uuid } from '@linchpin/contracts';
import { LogLine } from './log-line';
import { evaluateLogRules, LogRule, LogRulesState } from './log-rules';
import { NormalizedSignal } from './signal';

/**
 * Where each log rule of an integration stands (recent matches in its window, firing or not),
 * recorded after a batch changed it. Internal: stream `logRules-<integrationId>`, not published.
 */
export const LogRulesEvaluated = defineEvent(
  'LogRulesEvaluated',
  1,
  Type.Object({
    integrationId: Uuid,
    rules: Type.Record(
      Type.String(),
      Type.Object({ recentMatches: Type.Array(Type.String()), firing: Type.Boolean(), lastMatchAt: Type.Optional(Type.String()) }),
    ),
  }),
);
export type LogRulesEvaluatedEvent = EventOf<typeof LogRulesEvaluated>;

/** One shipper's batch against the integration's rules; the window ends at `context.occurredAt`. */
export interface EvaluateLogLines {
  type: 'EvaluateLogLines';
  eventId: string;
  integrationId: string;
  rules: readonly LogRule[];
  lines: readonly LogLine[];
  context: CommandContext;
}

/** What a batch changed: the rules' new state to record (none when it stayed the same) and the signals to raise or resolve. */
export interface LogLinesEvaluation {
  events: LogRulesEvaluatedEvent[];
  signals: NormalizedSignal[];
}

/**
 * The decision and the signals it implies in one pass: the application layer ingests the signals
 * before the state is recorded. Signals come only with a change of state (a rule starts or stops
 * firing), so a batch that raises or resolves one always has an event to record.
 */
const evaluate = (command: EvaluateLogLines, state: LogRulesState): LogLinesEvaluation => {
  const { integrationId, rules, lines, context } = command;
  const { state: next, signals } = evaluateLogRules(rules, state, lines, context.occurredAt);
  // An unchanged state is not recorded: quiet batches would otherwise append an event each.
  if (JSON.stringify(next) === JSON.stringify(state)) return { events: [], signals };
  // The integration is the correlation: its batches follow one another.
  const metadata = { ...context, correlationId: integrationId };
  return { events: [LogRulesEvaluated.create(command.eventId, { integrationId, rules: next }, metadata)], signals };
};

/**
 * Each command's latest evaluation, by the identity of the command and the state it was decided on:
 * the decider and the handler's step before appending ask for the same one, and the lines are
 * matched once. Commands and states are never changed in place, so a hit is what `evaluate` returns.
 */
const evaluated = new WeakMap<EvaluateLogLines, { state: LogRulesState; evaluation: LogLinesEvaluation }>();

export const evaluateLogLines = (command: EvaluateLogLines, state: LogRulesState): LogLinesEvaluation => {
  const last = evaluated.get(command);
  if (last?.state === state) return last.evaluation;
  const evaluation = evaluate(command, state);
  evaluated.set(command, { state, evaluation });
  return evaluation;
};

/** Log rules of one integration: state = each rule's counting state, folded from LogRulesEvaluated. */
export const logRulesDecider: Decider<EvaluateLogLines, LogRulesState, LogRulesEvaluatedEvent> = {
  initialState: {},
  evolve(state, event) {
    switch (event.type) {
      case 'LogRulesEvaluated':
        return event.data.rules;
      default:
        return assertNever(event.type);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'EvaluateLogLines':
        return evaluateLogLines(command, state).events;
      default:
        return assertNever(command.type);
    }
  },
};
