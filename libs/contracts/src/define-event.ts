import { FormatRegistry, Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { EventEnvelope, EventMetadata } from '@linchpin/eventsourcing';

// TypeBox checks no string format until told how; these are the ones the catalogue uses.
const formats: Record<string, (value: string) => boolean> = {
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  'date-time': (v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)),
  uri: (v) => URL.canParse(v),
};
for (const [name, check] of Object.entries(formats)) if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);

export interface EventDefinition<TType extends string, TSchemaT extends TSchema> {
  readonly type: TType;
  readonly schemaVersion: number;
  /** JSON Schema of `data` (TypeBox schemas are JSON Schema). */
  readonly schema: TSchemaT;
  /** Builds a typed envelope; the id is given by the caller (random or deterministic). */
  create(id: string, data: Static<TSchemaT>, metadata: EventMetadata): EventEnvelope<TType, Static<TSchemaT>>;
  /** Narrows a stored or received event to this definition's type. */
  is(event: EventEnvelope): event is EventEnvelope<TType, Static<TSchemaT>>;
  /** Errors of `data` against the schema, as `path: message` lines; empty when valid. */
  validate(data: unknown): string[];
}

export type EventOf<D> = D extends EventDefinition<infer T, infer S> ? EventEnvelope<T, Static<S>> : never;

export function defineEvent<TType extends string, TSchemaT extends TSchema>(
  type: TType,
  schemaVersion: number,
  schema: TSchemaT,
): EventDefinition<TType, TSchemaT> {
  const checker = TypeCompiler.Compile(schema);
  return {
    type,
    schemaVersion,
    schema,
    create: (id, data, metadata) => ({ id, type, schemaVersion, data, metadata }),
    is: (event): event is EventEnvelope<TType, Static<TSchemaT>> => event.type === type,
    validate: (data) => (checker.Check(data) ? [] : [...checker.Errors(data)].map((e) => `${e.path || '/'}: ${e.message}`)),
  };
}
