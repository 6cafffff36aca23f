import { Command } from '@nestjs/cqrs';

/**
 * A Nest command class whose fields are named, one object, typed as the decider command they
 * become: `class AcknowledgeIncidentCommand extends commandWith<AcknowledgeFields, Result>() {}`,
 * sent as `new AcknowledgeIncidentCommand({ incidentId, by, request })`.
 */
export const commandWith = <TFields extends object, TResult>() =>
  class extends Command<TResult> {
    constructor(fields: TFields) {
      super();
      Object.assign(this, fields);
    }
  } as unknown as new (fields: TFields) => Command<TResult> & Readonly<TFields>;
