import { InjectionToken, Type } from '@nestjs/common';

/**
 * A service's own variables (comms' COMMS_*, say): the service declares them and lists them in its
 * ServiceDefinition; the platform's `loadConfig` reads and validates them together with its own, so
 * a bad one stops the start with the same ConfigurationError, and `InfrastructureModule` provides
 * the typed result under `token`. No service reads `process.env` itself.
 */
export interface ServiceSettings<T = unknown> {
  /** Where the typed settings are injected from. */
  readonly token: InjectionToken;
  /**
   * The raw variables as a class-validator class: each property named as the variable (the
   * platform reads exactly the decorated properties), each message the reason.
   */
  readonly variables: Type<object>;
  /**
   * Variables of this service every replica must share, refused empty under NODE_ENV=production on a shared store
   * (as the admin token and link key are): a per-process default there breaks what the other replicas or receivers check.
   */
  readonly sharedSecrets?: readonly string[];
  /**
   * The typed settings from the validated variables; unset and empty ones are absent, the others
   * trimmed. Runs once per application, on first injection, so a warning it logs is logged once.
   */
  build(variables: Readonly<Record<string, string>>): T;
}
