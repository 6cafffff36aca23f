import { CHANGE_CUSTOM_DETAILS_MAX_LENGTH, ChangeRecorded, ChangeRecordedEvent } from '@linchpin/contracts';
import { assertNever, CommandContext, configurationMetadata, Decider } from '@linchpin/eventsourcing';

/*
 * A change to a service (a deploy, a configuration applied), reported on PagerDuty's Change Events API
 * (or, since issue 16, on the generic `POST /detection/changes`, naming its services):
 * context for whoever responds to that service's next incident. It is not a problem: it opens no
 * incident and pages nobody. One stream per change, `change-<changeId>`, published.
 */

export type ChangeLink = ChangeRecordedEvent['data']['links'][number];

export type ChangeCommand = {
  type: 'RecordChange';
  eventId: string;
  /** Name-based on the integration and the request's Idempotency-Key when it has one, so a retry finds it recorded. */
  changeId: string;
  /** The integration whose key reported it; null when a sender reported it on `POST /detection/changes`. */
  integrationId: string | null;
  /** The services that changed (the integration's one on PagerDuty's route). */
  services: string[];
  summary: string;
  /** The sender's time (UTC ISO 8601), when it gave one. */
  timestamp?: string;
  source?: string;
  /** Any JSON the sender gave as custom_details; kept as bounded JSON text. */
  customDetails?: unknown;
  links: ChangeLink[];
  context: CommandContext;
};

export type ChangeState = { status: 'none' } | { status: 'recorded'; change: ChangeRecordedEvent['data'] };

export const changeDecider: Decider<ChangeCommand, ChangeState, ChangeRecordedEvent> = {
  initialState: { status: 'none' },
  evolve(_state, event) {
    switch (event.type) {
      case 'ChangeRecorded':
        return { status: 'recorded', change: event.data };
      default:
        return assertNever(event.type);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RecordChange': {
        // A change is reported once: the same change again is a sender's retry (same Idempotency-Key,
        // hence the same changeId), answered as accepted with nothing new recorded.
        if (state.status === 'recorded') return [];
        const customDetails = boundedCustomDetails(command.customDetails);
        return [
          ChangeRecorded.create(
            command.eventId,
            {
              changeId: command.changeId,
              integrationId: command.integrationId,
              services: [...new Set(command.services)],
              summary: command.summary,
              timestamp: command.timestamp ?? null,
              receivedAt: command.context.occurredAt,
              source: command.source ?? null,
              customDetails: customDetails.text,
              customDetailsTruncated: customDetails.truncated,
              links: command.links,
            },
            // A change belongs to no incident: it correlates on the request that reported it.
            configurationMetadata(command.context),
          ),
        ];
      }
      default:
        return assertNever(command.type);
    }
  },
};

/**
 * The sender's custom_details as JSON text, at most CHANGE_CUSTOM_DETAILS_MAX_LENGTH characters: a CI
 * may put a whole log there, and a change is context, not an archive. Cut rather than refused (PagerDuty
 * takes events up to 512 KB, and a sender would lose the change over its least useful part).
 */
export function boundedCustomDetails(value: unknown): { text: string | null; truncated: boolean } {
  if (value === undefined || value === null) return { text: null, truncated: false };
  const text = JSON.stringify(value);
  if (text.length <= CHANGE_CUSTOM_DETAILS_MAX_LENGTH) return { text, truncated: false };
  let end = CHANGE_CUSTOM_DETAILS_MAX_LENGTH;
  // Not between the two halves of a surrogate pair: the cut text stays valid UTF-16.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}
