/** Metadata every event carries (docs/architecture.md#events). */
export interface EventMetadata {
  /** The incident this fact belongs to, when it belongs to one. */
  incidentId?: string;
  /** The incident (or the request) that this chain of facts is about. */
  correlationId: string;
  /** The event or request that caused this one. */
  causationId: string;
  /**
   * Who or what did it: the authenticated principal of a request (`person:<personId>`, `token:<tokenId>`,
   * `oidc:<sub>`, `admin`), `integration:<id>` for a sender's key, `system:<component>` for a reaction.
   */
  actor: string;
  /** Free text a caller gave as "on behalf of" (a request body's `by`): said, not authenticated. */
  onBehalfOf?: string;
  /** When Linchpin decided this fact, ISO 8601 UTC. Source times live in `data`. */
  occurredAt: string;
  /**
   * W3C trace context of the span it was decided in (the request's, or the consumer's of the event that
   * caused it), when tracing is on: the relay publishes it in a span of this trace (trace-context.ts).
   */
  traceparent?: string;
  /** W3C `tracestate` of that span, when a vendor set one. */
  tracestate?: string;
}

/** An event as decided, before it is stored. The type is an explicit string, never a class name. */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  id: string;
  type: TType;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
}

/** Global log position: strictly increasing across the store. */
export type Position = number;

/** An event as the store holds it. */
export interface RecordedEvent<TType extends string = string, TData = unknown> extends EventEnvelope<TType, TData> {
  streamId: string;
  /** 0-based revision of the event in its stream. */
  revision: number;
  position: Position;
  /** When the store recorded it, ISO 8601 UTC. */
  recordedAt: string;
}

export type AnyEvent = EventEnvelope<string, unknown>;
