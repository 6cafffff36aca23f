import { EventMetadata } from './event';

/**
 * Who asked, what caused it, and when Linchpin decided: what every decider command carries, because
 * the domain has no clock and no request. A route's command is caused by its request, a reactor's by
 * the event it reacts to.
 */
export interface CommandContext {
  actor: string;
  /** A request's "on behalf of" text: carried into every event's metadata.onBehalfOf. */
  onBehalfOf?: string;
  causationId: string;
  /** When Linchpin decided, ISO 8601 UTC (from the injected clock, or the source event's time). */
  occurredAt: string;
}

/** Metadata of a fact that belongs to no incident (configuration): the request is its own correlation. */
export const configurationMetadata = (context: CommandContext): EventMetadata => ({ ...context, correlationId: context.causationId });

/** Metadata of a decided fact: an incident's facts correlate on the incident, any other on its cause. */
export const metadataOf = (context: CommandContext, incidentId?: string): EventMetadata =>
  incidentId === undefined ? configurationMetadata(context) : { ...context, incidentId, correlationId: incidentId };
