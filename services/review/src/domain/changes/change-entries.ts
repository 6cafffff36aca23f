import { ChangeFacts, TimelineEntry } from '../timeline';
import { RelatedChange } from './changes-before';

const why = (change: RelatedChange): string =>
  change.relation === 'impacted' ? change.service : `${change.service}, which ${change.via.slice(0, -1).join(' → ')} depends on`;

/** One line, as every entry has: which service changed and why it is shown, then the sender's summary. */
export const changeSummary = (change: RelatedChange): string => `Change to ${why(change)}: ${change.summary}`;

export const changeFactsOf = (change: RelatedChange): ChangeFacts => ({
  changeId: change.changeId,
  services: change.services,
  service: change.service,
  relation: change.relation,
  via: change.via,
  source: change.source,
  links: change.links,
  customDetails: change.customDetails,
  customDetailsTruncated: change.customDetailsTruncated,
});

/**
 * The changes shown before an incident, as timeline entries of context `detection`, type `ChangeRecorded`: recorded when
 * detection recorded them, happened when the sender says (else when received). They are read from review's copies at
 * each query, never stored on the incident's timeline (a change belongs to no incident, and which changes count
 * depends on the window and the catalog).
 */
export const changeEntries = (changes: readonly RelatedChange[]): TimelineEntry[] =>
  changes.map((change) => ({
    eventId: change.sourceEventId,
    at: change.recordedAt,
    occurredAt: change.at,
    context: 'detection',
    type: 'ChangeRecorded',
    schemaVersion: 2,
    actor: change.actor,
    summary: changeSummary(change),
    data: change,
    change: changeFactsOf(change),
  }));
