/** Who asked, why, and when: metadata every command brings, because the domain has no clock. */
export interface CommandContext {
  actor: string;
  causationId: string;
  /** When Linchpin decided, ISO 8601 UTC (from the injected clock). */
  occurredAt: string;
}

/** Metadata of a fact that belongs to no incident (configuration): the request is its own correlation. */
export const configurationMetadata = (context: CommandContext) => ({ ...context, correlationId: context.causationId });
