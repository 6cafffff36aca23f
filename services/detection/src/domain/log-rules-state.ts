import { Type } from '@sinclair/typebox';
import { defineEvent, EventOf, Uuid } from '@linchpin/contracts';

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

