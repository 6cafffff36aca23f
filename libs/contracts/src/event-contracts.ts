import { TSchema, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { catalogue } from './catalogue';
import { IsoTime } from './common';
import { EventDefinition } from './define-event';

/** What every published event carries around its `data` (README "Architecture"). */
const Envelope = Type.Object({
  id: Type.String({ minLength: 1 }),
  type: Type.String({ minLength: 1 }),
  schemaVersion: Type.Integer({ minimum: 1 }),
  data: Type.Unknown(),
  metadata: Type.Object({
    incidentId: Type.Optional(Type.String({ minLength: 1 })),
    correlationId: Type.String({ minLength: 1 }),
    causationId: Type.String({ minLength: 1 }),
    actor: Type.String({ minLength: 1 }),
    onBehalfOf: Type.Optional(Type.String()),
    occurredAt: IsoTime,
    traceparent: Type.Optional(Type.String()),
    tracestate: Type.Optional(Type.String()),
  }),
  streamId: Type.String({ minLength: 1 }),
  revision: Type.Integer({ minimum: 0 }),
  position: Type.Number(),
  recordedAt: IsoTime,
});
const envelope = TypeCompiler.Compile(Envelope);

/** At most this many failing fields in a reason: enough to fix the producer, short enough for a header. */
const MAX_ERRORS = 5;

export type ContractVerdict =
  /** A type this catalogue does not hold: not for this consumer to judge (forward compatible). */
  | { kind: 'unknown-type' }
  | { kind: 'valid' }
  /** Each entry `path: message`, paths from the event's root (`/data/severity`). */
  | { kind: 'invalid'; errors: string[] };

interface Known {
  definition: EventDefinition<string, TSchema>;
  /** An incident event: its data names the incident, so its metadata must name the same one. */
  incidentEvent: boolean;
}

/**
 * Checks a received event against the published catalogue: the envelope, then `data` against the
 * schema of its type and version. Schemas are compiled once (in `defineEvent`); a valid event
 * costs one compiled check each. Consumers run it after upcasting, so the version is the newest.
 */
export class EventContracts {
  private readonly byType = new Map<string, Map<number, Known>>();

  constructor(definitions: readonly EventDefinition<string, TSchema>[]) {
    for (const definition of definitions) {
      const versions = this.byType.get(definition.type) ?? new Map<number, Known>();
      const required = (definition.schema as { required?: string[] }).required ?? [];
      versions.set(definition.schemaVersion, { definition, incidentEvent: required.includes('incidentId') });
      this.byType.set(definition.type, versions);
    }
  }

  check(event: unknown): ContractVerdict {
    const type = (event as { type?: unknown } | null)?.type;
    const versions = typeof type === 'string' ? this.byType.get(type) : undefined;
    if (!versions) return typeof type === 'string' ? { kind: 'unknown-type' } : { kind: 'invalid', errors: ['/type: must be a string'] };
    if (!envelope.Check(event)) return invalid([...envelope.Errors(event)].map((e) => `${e.path}: ${e.message}`));

    const { schemaVersion, data, metadata } = event as { schemaVersion: number; data: unknown; metadata: { incidentId?: string } };
    const known = versions.get(schemaVersion);
    if (!known) {
      const accepted = [...versions.keys()].sort((a, b) => a - b).map((v) => `v${v}`).join(', ');
      return invalid([`/schemaVersion: ${type} schemaVersion ${schemaVersion} is not in the catalogue (known: ${accepted})`]);
    }
    const errors = known.definition.validate(data).map((e) => `/data${e.startsWith('/:') ? e.slice(1) : e}`);
    if (errors.length > 0) return invalid(errors);
    if (known.incidentEvent) {
      const named = (data as { incidentId: string }).incidentId;
      if (metadata.incidentId === undefined) return invalid([`/metadata/incidentId: required on an incident event (data names ${named})`]);
      if (metadata.incidentId !== named) return invalid([`/metadata/incidentId: ${metadata.incidentId} differs from /data/incidentId ${named}`]);
    }
    return { kind: 'valid' };
  }
}

const invalid = (errors: string[]): ContractVerdict => ({
  kind: 'invalid',
  errors: errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more`] : errors,
});

/** The published catalogue's contracts: what every consumer checks a received event against. */
export const eventContracts = new EventContracts(catalogue.map(({ definition }) => definition as EventDefinition<string, TSchema>));
