import { CommandContext, configurationMetadata, Decider, DomainError, EventEnvelope } from '@linchpin/eventsourcing';
import { BUILT_IN_UPDATE_TEMPLATES, UPDATE_PHASES, UPDATE_TEMPLATES_ID, UpdateTemplateTable, validateTemplates } from './update-templates';

/**
 * Private to comms (stream `updateTemplates-default`, not relayed): a new version of the status update templates.
 * Version 1 is the built-in table and is never stored, so a stored version is 2 or more, as coordination's SLA
 * targets. An update rendered from a template names the version (`StatusUpdatePosted.template`).
 */
export const UPDATE_TEMPLATES_VERSIONED = 'UpdateTemplatesVersioned';
export interface UpdateTemplatesVersionedData {
  templatesId: string;
  version: number;
  templates: UpdateTemplateTable;
  reason?: string;
}
export type UpdateTemplatesVersionedEvent = EventEnvelope<typeof UPDATE_TEMPLATES_VERSIONED, UpdateTemplatesVersionedData>;

export interface UpdateTemplatesVersion {
  templatesId: string;
  version: number;
  templates: UpdateTemplateTable;
  reason: string | null;
  /** Null for the built-in version 1. */
  versionedAt: string | null;
  versionedBy: string | null;
}

export const BUILT_IN_TEMPLATES_VERSION: UpdateTemplatesVersion = {
  templatesId: UPDATE_TEMPLATES_ID,
  version: 1,
  templates: BUILT_IN_UPDATE_TEMPLATES,
  reason: null,
  versionedAt: null,
  versionedBy: null,
};

export interface VersionUpdateTemplates {
  type: 'VersionUpdateTemplates';
  eventId: string;
  templates: UpdateTemplateTable;
  reason?: string;
  /** The version the caller edited: refused when another has been published since. */
  basedOnVersion?: number;
  context: CommandContext;
}

/** Every version, oldest first, the built-in one first. */
export interface UpdateTemplatesState {
  versions: readonly UpdateTemplatesVersion[];
}

export const currentTemplates = (state: UpdateTemplatesState): UpdateTemplatesVersion => state.versions[state.versions.length - 1];

/** The table in a fixed order, overrides without empty entries: the same templates compare equal however they were sent. */
const canonical = (table: UpdateTemplateTable): UpdateTemplateTable =>
  Object.fromEntries(
    UPDATE_PHASES.map((phase) => {
      const { message, priorities } = table[phase];
      const overrides = Object.entries(priorities ?? {}).sort(([a], [b]) => a.localeCompare(b));
      return [phase, overrides.length > 0 ? { message, priorities: Object.fromEntries(overrides) } : { message }];
    }),
  ) as UpdateTemplateTable;

export const updateTemplatesDecider: Decider<VersionUpdateTemplates, UpdateTemplatesState, UpdateTemplatesVersionedEvent> = {
  initialState: { versions: [BUILT_IN_TEMPLATES_VERSION] },
  evolve: (state, event) => ({
    versions: [
      ...state.versions,
      {
        templatesId: event.data.templatesId,
        version: event.data.version,
        templates: event.data.templates,
        reason: event.data.reason ?? null,
        versionedAt: event.metadata.occurredAt,
        versionedBy: event.metadata.actor,
      },
    ],
  }),
  decide(command, state) {
    const errors = validateTemplates(command.templates);
    if (errors.length > 0) throw new DomainError('update_templates_invalid', errors.map((e) => `${e.field} ${e.reason}`).join('; '), errors[0].field);
    const current = currentTemplates(state);
    if (command.basedOnVersion !== undefined && command.basedOnVersion !== current.version) {
      throw new DomainError(
        'update_templates_stale',
        `the templates were edited from version ${command.basedOnVersion}, but version ${current.version} has been published since`,
        'basedOnVersion',
      );
    }
    const templates = canonical(command.templates);
    // The same templates again are not a new version: updates would name a new version for nothing.
    if (JSON.stringify(templates) === JSON.stringify(canonical(current.templates))) return [];
    const reason = command.reason?.trim() ? { reason: command.reason.trim() } : {};
    return [
      {
        id: command.eventId,
        type: UPDATE_TEMPLATES_VERSIONED,
        schemaVersion: 1,
        data: { templatesId: current.templatesId, version: current.version + 1, templates, ...reason },
        metadata: configurationMetadata(command.context),
      },
    ];
  },
};
