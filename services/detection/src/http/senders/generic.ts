import type { SignalSeverity, SignalStatus } from '../../domain/signal';
import { parsed, type ParseResult } from './parse-result';

/**
 * The generic JSON alert (`POST /detection/alerts`) as the route received it. Its fields are
 * checked at the route by `AlertDto` (class-validator), so refusals keep their problem+json
 * wording and the OpenAPI schema stays generated from the same class.
 */
export interface GenericAlert {
  source: string;
  summary: string;
  severity: SignalSeverity;
  labels?: Record<string, string>;
  dedupKey?: string;
  startsAt?: string;
  endsAt?: string;
  status?: 'firing' | 'resolved';
}

/**
 * One generic alert -> one signal: `dedupKey` is the sender key, status defaults to `firing`,
 * labels to none, and the sender's times are normalised to ISO 8601 UTC. Raw: the body as given.
 */
export function parseGenericAlert(body: GenericAlert): ParseResult {
  const status: SignalStatus = body.status ?? 'firing';
  return parsed([
    {
      ...(body.dedupKey !== undefined ? { senderKey: body.dedupKey } : {}),
      status,
      source: body.source,
      summary: body.summary,
      severity: body.severity,
      labels: body.labels ?? {},
      ...(body.startsAt ? { startsAt: new Date(body.startsAt).toISOString() } : {}),
      ...(body.endsAt ? { endsAt: new Date(body.endsAt).toISOString() } : {}),
      raw: body,
    },
  ]);
}
