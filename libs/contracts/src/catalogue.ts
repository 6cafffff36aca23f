import { RecordedEvent, Upcaster, UpcasterChain } from '@linchpin/eventsourcing';
import { AlertFiredV1, AlertFiredV2 } from './events/alert-fired';
import { SignalReceivedV1 } from './events/signal-received';
import { AlertGroupedV1 } from './events/alert-grouped';
import { AlertJoinedIncidentV1 } from './events/alert-joined-incident';
import { IncidentAlertResolvedV1 } from './events/incident-alert-resolved';
import { SignalsClearedV1 } from './events/signals-cleared';
import { IncidentAssessedV1 } from './events/incident-assessed';
import { AlertDeduplicatedV1, AlertDeduplicatedV2 } from './events/alert-deduplicated';
import { AlertResolvedV1 } from './events/alert-resolved';
import { AlertClosedV1 } from './events/alert-closed';
import { IncidentDetectedV1 } from './events/incident-detected';
import { IncidentTriagedV1, IncidentTriagedV2, IncidentTriagedV3 } from './events/incident-triaged';
import { IncidentReassessedV1 } from './events/incident-reassessed';
import { IncidentReprioritisedV1 } from './events/incident-reprioritised';
import { IncidentQueuedV1 } from './events/incident-queued';
import { TriageStatusChangedV1 } from './events/triage-status-changed';
import { TriagePagingNotedV1 } from './events/triage-paging-noted';
import { TeamCreatedV1, TeamCreatedV2 } from './events/team-created';
import { ResponderPagedV1 } from './events/responder-paged';
import { ResponsePriorityChangedV1 } from './events/response-priority-changed';
import { IncidentUnroutedV1, IncidentUnroutedV2 } from './events/incident-unrouted';
import { IncidentAcknowledgedV1 } from './events/incident-acknowledged';
import { IncidentResolvedV1 } from './events/incident-resolved';
import { PageFailedV1 } from './events/page-failed';
import { StatusUpdatePostedV1, StatusUpdatePostedV2 } from './events/status-update-posted';
import { NotificationDeliveredV1, NotificationDeliveredV2, NotificationDeliveredV3 } from './events/notification-delivered';
import { NotificationFailedV1, NotificationFailedV2 } from './events/notification-failed';
import { TimelineEntryRecordedV1, TimelineEntryRecordedV2 } from './events/timeline-entry-recorded';
import { TimelineNoteAddedV1 } from './events/timeline-note-added';
import { TimelineNoteCorrectedV1 } from './events/timeline-note-corrected';
import { PostmortemOpenedV1 } from './events/postmortem-opened';
import { PostmortemSectionEditedV1 } from './events/postmortem-section-edited';
import { PostmortemStatusChangedV1 } from './events/postmortem-status-changed';
import { ActionItemAddedV1 } from './events/action-item-added';
import { ActionItemUpdatedV1 } from './events/action-item-updated';
import { ActionItemOverdueV1 } from './events/action-item-overdue';
// issue 12: escalation policies and the escalation engine (coordination)
import { EscalationPolicyCreatedV1 } from './events/escalation-policy-created';
import { EscalationPolicyUpdatedV1 } from './events/escalation-policy-updated';
import { EscalationPolicyRetiredV1 } from './events/escalation-policy-retired';
import { EscalationStartedV1 } from './events/escalation-started';
import { EscalationLevelReachedV1, EscalationLevelReachedV2, EscalationLevelReachedV3 } from './events/escalation-level-reached';
import { TriageEscalationExhaustedNotedV1 } from './events/triage-escalation-exhausted-noted';
import { EscalationLevelSkippedV1 } from './events/escalation-level-skipped';
import { EscalationExhaustedV1 } from './events/escalation-exhausted';
import { IncidentRenotifiedV1 } from './events/incident-renotified';
import { ScheduleCreatedV1 } from './events/schedule-created';
import { ScheduleUpdatedV1 } from './events/schedule-updated';
import { ScheduleOverrideAddedV1 } from './events/schedule-override-added';
import { ScheduleOverrideRemovedV1 } from './events/schedule-override-removed';
import { ScheduleRetiredV1 } from './events/schedule-retired';
// Issue 12: heartbeats (detection) and failed delivery attempts (comms).
import { HeartbeatMissedV1 } from './events/heartbeat-missed';
import { HeartbeatRestoredV1 } from './events/heartbeat-restored';
import { DeliveryAttemptFailedV1, DeliveryAttemptFailedV2, DeliveryAttemptFailedV3 } from './events/delivery-attempt-failed';
import { DeliveryRetryRequestedV1, DeliveryRetryRequestedV2 } from './events/delivery-retry-requested';
// issue 12, people: people, changeable teams, pages that name the person
import { TeamCreatedV3, legacyContactMethodIdOf, legacyPersonIdOf } from './events/team-created';
import { TeamUpdatedV1 } from './events/team-updated';
import { TeamRetiredV1 } from './events/team-retired';
import { PersonRegisteredV1 } from './events/person-registered';
import { PersonUpdatedV1 } from './events/person-updated';
import { PersonRetiredV1 } from './events/person-retired';
import { ResponderPagedV2 } from './events/responder-paged';
// issue 12, notification rules
import { IncidentRenotifiedV2 } from './events/incident-renotified';
// issue 13, tasks of an incident (coordination's incidentTask- streams)
import { TaskCreatedV1 } from './events/task-created';
import { TaskUpdatedV1 } from './events/task-updated';
import { TaskAssignedV1 } from './events/task-assigned';
import { TaskStartedV1 } from './events/task-started';
import { TaskCompletedV1 } from './events/task-completed';
import { TaskCancelledV1 } from './events/task-cancelled';
import { TaskOverdueV1 } from './events/task-overdue';
// issue 13, SLA targets
import { SlaTargetsVersionedV1 } from './events/sla-targets-versioned';
import { SlaClocksStartedV1 } from './events/sla-clocks-started';
import { SlaClocksRetargetedV1 } from './events/sla-clocks-retargeted';
import { SlaClockStoppedV1 } from './events/sla-clock-stopped';
import { SlaBreachedV1 } from './events/sla-breached';

// issue 13, lifecycle and roles (coordination's response- stream)
import { IncidentStatusChangedV1 } from './events/incident-status-changed';
import { IncidentMitigatedV1 } from './events/incident-mitigated';
import { IncidentReopenedV1 } from './events/incident-reopened';
import { IncidentReassignedV1 } from './events/incident-reassigned';
import { RespondersAddedV1 } from './events/responders-added';
import { IncidentSnoozedV1 } from './events/incident-snoozed';
import { IncidentSnoozeEndedV1 } from './events/incident-snooze-ended';
import { IncidentRoleAssignedV1 } from './events/incident-role-assigned';
import { IncidentRoleReleasedV1 } from './events/incident-role-released';
import { IncidentRenotifiedV3 } from './events/incident-renotified';

// issue 13, merge and link
import { IncidentMergedV1 } from './events/incident-merged';
import { IncidentAbsorbedV1 } from './events/incident-absorbed';
import { IncidentUnmergedV1 } from './events/incident-unmerged';
import { IncidentSplitV1 } from './events/incident-split';
import { IncidentLinkedV1 } from './events/incident-linked';
import { IncidentUnlinkedV1 } from './events/incident-unlinked';
import { AlertMovedToIncidentV1 } from './events/alert-moved-to-incident';
import { AlertsMovedToIncidentV1 } from './events/alerts-moved-to-incident';
import { AlertsMovedOutOfIncidentV1 } from './events/alerts-moved-out-of-incident';
// issue 14, access: API tokens
import { ApiTokenIssuedV1 } from './events/api-token-issued';
import { ApiTokenRevokedV1 } from './events/api-token-revoked';
// issue 14, PagerDuty's Change Events API: a change to a service (detection)
import { ChangeRecordedV1, ChangeRecordedV2 } from './events/change-recorded';
// issue 15, update cadence (comms)
import { UpdateOverdueV1 } from './events/update-overdue';
// issue 15, the status page's components: triage's service catalog and detection's maintenance windows, published
import { ServiceRegisteredV1 } from './events/service-registered';
import { ServiceUpdatedV1 } from './events/service-updated';
import { ServiceRetiredV1 } from './events/service-retired';
import { MaintenanceWindowScheduledV1 } from './events/maintenance-window-scheduled';
import { MaintenanceWindowCancelledV1 } from './events/maintenance-window-cancelled';

// issue 13, triage follows the lifecycle: TriageStatusChanged v2 (every status coordination publishes)
import { TriageStatusChangedV2 } from './events/triage-status-changed';
// issue 15, Teams contact methods: every event carrying a contact method's kind takes `teams`
import { PersonRegisteredV2 } from './events/person-registered';
import { PersonUpdatedV2 } from './events/person-updated';
import { ResponderPagedV3 } from './events/responder-paged';
import { EscalationLevelReachedV4 } from './events/escalation-level-reached';
import { IncidentRenotifiedV4 } from './events/incident-renotified';

/** Every published event: context that owns it, type, version and JSON schema. */
export const catalogue = [
  { context: 'detection', definition: AlertFiredV1 },
  { context: 'detection', definition: AlertFiredV2 },
  { context: 'detection', definition: SignalReceivedV1 },
  { context: 'detection', definition: AlertGroupedV1 },
  { context: 'detection', definition: AlertJoinedIncidentV1 },
  { context: 'detection', definition: IncidentAlertResolvedV1 },
  { context: 'detection', definition: SignalsClearedV1 },
  { context: 'detection', definition: IncidentAssessedV1 },
  { context: 'detection', definition: AlertDeduplicatedV1 },
  // issue 17: one AlertDeduplicated per batch of repeats (count, times, signal ids, a few raw samples)
  { context: 'detection', definition: AlertDeduplicatedV2 },
  { context: 'detection', definition: AlertResolvedV1 },
  { context: 'detection', definition: AlertClosedV1 },
  { context: 'detection', definition: IncidentDetectedV1 },
  { context: 'triage', definition: IncidentTriagedV1 },
  { context: 'triage', definition: IncidentTriagedV2 },
  { context: 'triage', definition: IncidentTriagedV3 },
  { context: 'triage', definition: IncidentReassessedV1 },
  { context: 'triage', definition: IncidentReprioritisedV1 },
  { context: 'triage', definition: IncidentQueuedV1 },
  { context: 'triage', definition: TriageStatusChangedV1 },
  { context: 'triage', definition: TriagePagingNotedV1 },
  { context: 'coordination', definition: TeamCreatedV1 },
  { context: 'coordination', definition: TeamCreatedV2 },
  { context: 'coordination', definition: ResponderPagedV1 },
  { context: 'coordination', definition: ResponsePriorityChangedV1 },
  { context: 'coordination', definition: IncidentUnroutedV1 },
  { context: 'coordination', definition: IncidentUnroutedV2 },
  { context: 'coordination', definition: IncidentAcknowledgedV1 },
  { context: 'coordination', definition: IncidentResolvedV1 },
  { context: 'coordination', definition: PageFailedV1 },
  { context: 'comms', definition: StatusUpdatePostedV1 },
  { context: 'comms', definition: NotificationDeliveredV1 },
  { context: 'comms', definition: NotificationFailedV1 },
  { context: 'review', definition: TimelineEntryRecordedV1 },
  // issue 12: escalation policies and the escalation engine (coordination)
  { context: 'coordination', definition: EscalationPolicyCreatedV1 },
  { context: 'coordination', definition: EscalationPolicyUpdatedV1 },
  { context: 'coordination', definition: EscalationPolicyRetiredV1 },
  { context: 'coordination', definition: EscalationStartedV1 },
  { context: 'coordination', definition: EscalationLevelReachedV1 },
  { context: 'coordination', definition: EscalationLevelSkippedV1 },
  { context: 'coordination', definition: EscalationExhaustedV1 },
  { context: 'coordination', definition: IncidentRenotifiedV1 },
  // Schedules (issue 12)
  { context: 'coordination', definition: ScheduleCreatedV1 },
  { context: 'coordination', definition: ScheduleUpdatedV1 },
  { context: 'coordination', definition: ScheduleOverrideAddedV1 },
  { context: 'coordination', definition: ScheduleOverrideRemovedV1 },
  { context: 'coordination', definition: ScheduleRetiredV1 },
  // Issue 12: heartbeats (detection) and failed delivery attempts (comms).
  { context: 'detection', definition: HeartbeatMissedV1 },
  { context: 'detection', definition: HeartbeatRestoredV1 },
  { context: 'comms', definition: DeliveryAttemptFailedV1 },
  // issue 15: an incident went a whole update cadence without a status update (comms).
  { context: 'comms', definition: UpdateOverdueV1 },
  // issue 12, people
  { context: 'coordination', definition: TeamCreatedV3 },
  { context: 'coordination', definition: TeamUpdatedV1 },
  { context: 'coordination', definition: TeamRetiredV1 },
  { context: 'coordination', definition: PersonRegisteredV1 },
  { context: 'coordination', definition: PersonUpdatedV1 },
  { context: 'coordination', definition: PersonRetiredV1 },
  { context: 'coordination', definition: ResponderPagedV2 },
  // issue 12, escalation wiring: what a level's schedules and teams answered, for "why was I paged?"
  { context: 'coordination', definition: EscalationLevelReachedV2 },
  { context: 'triage', definition: TriageEscalationExhaustedNotedV1 },
  // issue 12, notification rules: IncidentRenotified v2 (cause notification-rule)
  { context: 'coordination', definition: IncidentRenotifiedV2 },
  // issue 13, tasks of an incident
  { context: 'coordination', definition: TaskCreatedV1 },
  { context: 'coordination', definition: TaskUpdatedV1 },
  { context: 'coordination', definition: TaskAssignedV1 },
  { context: 'coordination', definition: TaskStartedV1 },
  { context: 'coordination', definition: TaskCompletedV1 },
  { context: 'coordination', definition: TaskCancelledV1 },
  { context: 'coordination', definition: TaskOverdueV1 },
  // issue 13, SLA targets: the versioned targets and each incident's clocks
  { context: 'coordination', definition: SlaTargetsVersionedV1 },
  { context: 'coordination', definition: SlaClocksStartedV1 },
  { context: 'coordination', definition: SlaClocksRetargetedV1 },
  { context: 'coordination', definition: SlaClockStoppedV1 },
  { context: 'coordination', definition: SlaBreachedV1 },
  // issue 13, lifecycle and roles
  { context: 'coordination', definition: IncidentStatusChangedV1 },
  { context: 'coordination', definition: IncidentMitigatedV1 },
  { context: 'coordination', definition: IncidentReopenedV1 },
  { context: 'coordination', definition: IncidentReassignedV1 },
  { context: 'coordination', definition: RespondersAddedV1 },
  { context: 'coordination', definition: IncidentSnoozedV1 },
  { context: 'coordination', definition: IncidentSnoozeEndedV1 },
  { context: 'coordination', definition: IncidentRoleAssignedV1 },
  { context: 'coordination', definition: IncidentRoleReleasedV1 },
  // issue 13, an SLA breach re-notifies: IncidentRenotified v3 (cause sla-breached, optional `sla`)
  { context: 'coordination', definition: IncidentRenotifiedV3 },
  // issue 13, an SLA breach of an acknowledged incident pages the policy's next level: EscalationLevelReached v3 (deadlineAt null, optional `sla`)
  { context: 'coordination', definition: EscalationLevelReachedV3 },
  // issue 13, merge and link (coordination) and the alerts that move with a merge (detection)
  { context: 'coordination', definition: IncidentMergedV1 },
  { context: 'coordination', definition: IncidentAbsorbedV1 },
  { context: 'coordination', definition: IncidentUnmergedV1 },
  { context: 'coordination', definition: IncidentSplitV1 },
  { context: 'coordination', definition: IncidentLinkedV1 },
  { context: 'coordination', definition: IncidentUnlinkedV1 },
  { context: 'detection', definition: AlertMovedToIncidentV1 },
  { context: 'detection', definition: AlertsMovedToIncidentV1 },
  { context: 'detection', definition: AlertsMovedOutOfIncidentV1 },
  // issue 13, triage follows the lifecycle: TriageStatusChanged v2 (investigating, identified, monitoring, back to triggered)
  { context: 'triage', definition: TriageStatusChangedV2 },
  // issue 14, access: API tokens (their hashes, never the tokens)
  { context: 'coordination', definition: ApiTokenIssuedV1 },
  { context: 'coordination', definition: ApiTokenRevokedV1 },
  // issue 14, PagerDuty's Change Events API: a change to a service, context for responders (no incident)
  { context: 'detection', definition: ChangeRecordedV1 },
  // issue 15, status updates with an audience, impact, eta and template
  { context: 'comms', definition: StatusUpdatePostedV2 },
  // issue 15, retries on durable timers and dead letters (comms)
  { context: 'comms', definition: DeliveryAttemptFailedV2 },
  { context: 'comms', definition: NotificationDeliveredV2 },
  { context: 'comms', definition: DeliveryRetryRequestedV1 },
  // issue 15, Teams contact methods: a contact method's kind may be `teams` (person events, pages, levels, re-notifications)
  { context: 'coordination', definition: PersonRegisteredV2 },
  { context: 'coordination', definition: PersonUpdatedV2 },
  { context: 'coordination', definition: ResponderPagedV3 },
  { context: 'coordination', definition: EscalationLevelReachedV4 },
  { context: 'coordination', definition: IncidentRenotifiedV4 },
  // issue 15, the status page's components: the service catalog (triage) and maintenance windows (detection), as stored before
  { context: 'triage', definition: ServiceRegisteredV1 },
  { context: 'triage', definition: ServiceUpdatedV1 },
  { context: 'triage', definition: ServiceRetiredV1 },
  { context: 'detection', definition: MaintenanceWindowScheduledV1 },
  { context: 'detection', definition: MaintenanceWindowCancelledV1 },
  // issue 16, the timeline: each entry keeps its source's event time; people's notes and their corrections
  { context: 'review', definition: TimelineEntryRecordedV2 },
  { context: 'review', definition: TimelineNoteAddedV1 },
  { context: 'review', definition: TimelineNoteCorrectedV1 },
  // issue 16, changes next to incidents: a change names its services and may come from no integration (POST /detection/changes)
  { context: 'detection', definition: ChangeRecordedV2 },
  // issue 16, postmortems: opened, written, reviewed and published; action items and their overdue reminders (postmortem- streams)
  { context: 'review', definition: PostmortemOpenedV1 },
  { context: 'review', definition: PostmortemSectionEditedV1 },
  { context: 'review', definition: PostmortemStatusChangedV1 },
  { context: 'review', definition: ActionItemAddedV1 },
  { context: 'review', definition: ActionItemUpdatedV1 },
  { context: 'review', definition: ActionItemOverdueV1 },
  // issue 16, action item reminders a kind of their own: a delivery's kind may be `action-item-reminder` (comms)
  { context: 'comms', definition: NotificationDeliveredV3 },
  { context: 'comms', definition: NotificationFailedV2 },
  { context: 'comms', definition: DeliveryAttemptFailedV3 },
  { context: 'comms', definition: DeliveryRetryRequestedV2 },
] as const;

/** Upcasters from old shapes to new ones; every consumer runs events through them. */
export const upcasters: Upcaster[] = [
  // AlertFired v2 only adds optional fields: a v1 body is a valid v2 body.
  { type: 'AlertFired', fromVersion: 1, up: (data) => data },
  // AlertDeduplicated v2 is a batch of repeats; a v1 event was one repeat, explained by its own SignalReceived.
  { type: 'AlertDeduplicated', fromVersion: 1, up: (data) => ({ ...(data as object), count: 1, signalIds: [] }) },
  // TeamCreated v2 adds the auto-resolve policy; teams from before keep the default.
  { type: 'TeamCreated', fromVersion: 1, up: (data) => ({ autoResolve: true, ...(data as object) }) },
  // IncidentTriaged v2 adds the severity, derived from the priority as triage derives it.
  {
    type: 'IncidentTriaged',
    fromVersion: 1,
    up: (data) => {
      const priority = (data as { priority: string }).priority;
      return { ...(data as object), severity: priority === 'P1' ? 'SEV1' : priority === 'P2' ? 'SEV2' : priority === 'P3' ? 'SEV3' : 'SEV4' };
    },
  },
  // IncidentTriaged v3 adds the default route. A v2 event does not say which rule set's default was
  // in force; the built-in routing-default v1's (`operations`) is the one every set started from.
  { type: 'IncidentTriaged', fromVersion: 2, up: (data) => ({ fallbackRoute: { team: 'operations' }, ...(data as object) }) },
  // IncidentUnrouted v2 states that nobody was paged and why; v1's reason said "has no members" for a memberless team.
  {
    type: 'IncidentUnrouted',
    fromVersion: 1,
    up: (data) => ({ cause: /has no members/.test(String((data as { reason?: unknown }).reason)) ? 'no-members' : 'unknown-team', ...(data as object), paged: false }),
  },
  // issue 12, people. TeamCreated v3 references people: a v2 member becomes the person its team and
  // name derive (legacyPersonIdOf), its inline contact kept as `legacyContact` so coordination can
  // register that person with one webhook contact method the first time it pages them.
  {
    type: 'TeamCreated',
    fromVersion: 2,
    up: (data) => {
      const team = data as { teamId: string; members: { name: string; onCallOrder: number; contact: { webhookUrl: string } }[] };
      return {
        ...(data as object),
        members: team.members.map((m) => ({
          personId: legacyPersonIdOf(team.teamId, m.name),
          onCallOrder: m.onCallOrder,
          legacyContact: { name: m.name, webhookUrl: m.contact.webhookUrl },
        })),
      };
    },
  },
  // ResponderPaged v2 names the person and contact method; a v1 page named a member and a URL: the
  // same derived person and webhook contact method, and the URL kept in `legacyWebhookUrl` so the page
  // already published is delivered where it was meant to go.
  {
    type: 'ResponderPaged',
    fromVersion: 1,
    up: (data) => {
      const { responder, ...rest } = data as { teamId: string; responder: { name: string; webhookUrl: string } };
      const personId = legacyPersonIdOf(rest.teamId, responder.name);
      return {
        ...rest,
        personId,
        responder: responder.name,
        contactMethodId: legacyContactMethodIdOf(personId),
        contactKind: 'webhook',
        legacyWebhookUrl: responder.webhookUrl,
      };
    },
  },
  // issue 12, escalation wiring: EscalationLevelReached v2 records what the level's schedules and
  // teams answered; a v1 event did not record it.
  { type: 'EscalationLevelReached', fromVersion: 1, up: (data) => ({ schedules: [], teams: [], ...(data as object) }) },
  // issue 12, notification rules: IncidentRenotified v2 adds the cause notification-rule and an optional `rule`; a v1 body is a valid v2 body.
  { type: 'IncidentRenotified', fromVersion: 1, up: (data) => data },
  // issue 13: IncidentRenotified v3 adds the cause sla-breached and an optional `sla`; a v2 body is a valid v3 body.
  { type: 'IncidentRenotified', fromVersion: 2, up: (data) => data },
  // issue 13: TriageStatusChanged v2 widens the status to coordination's whole lifecycle; a v1 body is a valid v2 body.
  { type: 'TriageStatusChanged', fromVersion: 1, up: (data) => data },
  // issue 13: EscalationLevelReached v3 lets `deadlineAt` be null and adds an optional `sla`; a v2 body is a valid v3 body.
  { type: 'EscalationLevelReached', fromVersion: 2, up: (data) => data },
  // issue 15: StatusUpdatePosted v2 adds the audience, impact, eta and template. A v1 update went to stakeholder
  // subscriptions and the status page (which read a missing audience as public): public, impact none, no eta, no template.
  { type: 'StatusUpdatePosted', fromVersion: 1, up: (data) => ({ audience: 'public', impact: 'none', eta: null, template: null, ...(data as object) }) },
  // issue 15: DeliveryAttemptFailed v2 adds the attempt's latency, when the next one is due and the round; v1 recorded neither.
  { type: 'DeliveryAttemptFailed', fromVersion: 1, up: (data) => ({ latencyMs: null, nextAttemptAt: null, round: 1, ...(data as object) }) },
  // issue 15: NotificationDelivered v2 adds the successful attempt's latency; v1 did not record it.
  { type: 'NotificationDelivered', fromVersion: 1, up: (data) => ({ latencyMs: null, ...(data as object) }) },
  // issue 15, Teams contact methods: each new version only adds `teams` to a contact method's kind; the older body is a valid newer body.
  { type: 'PersonRegistered', fromVersion: 1, up: (data) => data },
  { type: 'PersonUpdated', fromVersion: 1, up: (data) => data },
  { type: 'ResponderPaged', fromVersion: 2, up: (data) => data },
  { type: 'EscalationLevelReached', fromVersion: 3, up: (data) => data },
  { type: 'IncidentRenotified', fromVersion: 3, up: (data) => data },
  // issue 16: TimelineEntryRecorded v2 adds the source's event time. A v1 entry did not keep it: unknown before v2,
  // it reads as the record time (`occurredAt` = `at`).
  { type: 'TimelineEntryRecorded', fromVersion: 1, up: (data) => ({ occurredAt: (data as { at: string }).at, ...(data as object) }) },
  // issue 16, action item reminders a kind of their own: each new version only adds `action-item-reminder` to a
  // delivery's kind; the older body is a valid newer body.
  { type: 'NotificationDelivered', fromVersion: 2, up: (data) => data },
  { type: 'NotificationFailed', fromVersion: 1, up: (data) => data },
  { type: 'DeliveryAttemptFailed', fromVersion: 2, up: (data) => data },
  { type: 'DeliveryRetryRequested', fromVersion: 1, up: (data) => data },
  // issue 16: ChangeRecorded v2 names every service that changed; a v1 change named the one of its integration.
  {
    type: 'ChangeRecorded',
    fromVersion: 1,
    up: (data) => {
      const { service, ...rest } = data as { service: string };
      return { ...rest, services: [service] };
    },
  },
];

const chain = new UpcasterChain(upcasters);

/** Raises a stored or received event to the newest version of its type: the one chain every reader uses. */
export const upcast = <T extends RecordedEvent>(event: T): T => chain.upcast(event);

/** `{ "<Type>.v<version>": <JSON schema> }`, for docs and for other systems' validators. */
export const jsonSchemas = (): Record<string, unknown> =>
  Object.fromEntries(
    catalogue.map(({ definition }) => [
      `${definition.type}.v${definition.schemaVersion}`,
      { $schema: 'http://json-schema.org/draft-07/schema#', title: definition.type, ...definition.schema },
    ]),
  );

export const definitionOf = (type: string, schemaVersion: number) =>
  catalogue.find((c) => c.definition.type === type && c.definition.schemaVersion === schemaVersion)?.definition;
