export * from './define-event';
export * from './common';
export * from './catalogue';
export * from './event-contracts';
export * from './events/alert-fired';
export * from './events/signal-received';
export * from './events/alert-grouped';
export * from './events/alert-joined-incident';
export * from './events/incident-alert-resolved';
export * from './events/signals-cleared';
export * from './events/incident-assessed';
export * from './events/alert-deduplicated';
export * from './events/alert-resolved';
export * from './events/alert-closed';
export * from './events/incident-detected';
export * from './events/incident-triaged';
export * from './events/incident-reassessed';
export * from './events/incident-reprioritised';
export * from './events/incident-queued';
export * from './events/triage-status-changed';
export * from './events/triage-paging-noted';
export * from './events/page-failed';
export * from './events/team-created';
export * from './events/responder-paged';
export * from './events/response-priority-changed';
export * from './events/incident-unrouted';
export * from './events/incident-acknowledged';
export * from './events/incident-resolved';
export * from './events/status-update-posted';
export * from './events/notification-delivered';
export * from './events/notification-failed';
export * from './events/timeline-entry-recorded';
// issue 12: escalation policies and the escalation engine (coordination)
export * from './events/escalation-policy-created';
export * from './events/escalation-policy-updated';
export * from './events/escalation-policy-retired';
export * from './events/escalation-started';
export * from './events/escalation-level-reached';
export * from './events/escalation-level-skipped';
export * from './events/escalation-exhausted';
export * from './events/incident-renotified';
// Schedules (issue 12): coordination's schedule- streams.
export * from './events/schedule-created';
export * from './events/schedule-updated';
export * from './events/schedule-override-added';
export * from './events/schedule-override-removed';
export * from './events/schedule-retired';
// Issue 12: heartbeats (detection) and failed delivery attempts (comms).
export * from './events/heartbeat-missed';
export * from './events/heartbeat-restored';
export * from './events/delivery-attempt-failed';
export * from './events/delivery-retry-requested';
// issue 12, people
export * from './events/person-registered';
export * from './events/person-updated';
export * from './events/person-retired';
export * from './events/team-updated';
export * from './events/team-retired';
// issue 12, escalation wiring (triage flags an exhausted escalation)
export * from './events/triage-escalation-exhausted-noted';
// issue 13, tasks of an incident (coordination's incidentTask- streams)
export * from './events/task-created';
export * from './events/task-updated';
export * from './events/task-assigned';
export * from './events/task-started';
export * from './events/task-completed';
export * from './events/task-cancelled';
export * from './events/task-overdue';
// issue 13, SLA targets (coordination): the versioned targets and each incident's clocks
export * from './events/sla-targets-versioned';
export * from './events/sla-clocks-started';
export * from './events/sla-clocks-retargeted';
export * from './events/sla-clock-stopped';
export * from './events/sla-breached';
// issue 13, lifecycle and roles (coordination's response- stream)
export * from './events/incident-status-changed';
export * from './events/incident-mitigated';
export * from './events/incident-reopened';
export * from './events/incident-reassigned';
export * from './events/responders-added';
export * from './events/incident-snoozed';
export * from './events/incident-snooze-ended';
export * from './events/incident-role-assigned';
export * from './events/incident-role-released';
// issue 13, merge and link (coordination's response- stream) and the alerts that move with a merge (detection)
export * from './events/incident-merged';
export * from './events/incident-absorbed';
export * from './events/incident-unmerged';
export * from './events/incident-split';
export * from './events/incident-linked';
export * from './events/incident-unlinked';
export * from './events/alert-moved-to-incident';
export * from './events/alerts-moved-to-incident';
export * from './events/alerts-moved-out-of-incident';
// issue 14, access: API tokens (coordination's apiToken- streams); only hashes are published
export * from './events/api-token-issued';
export * from './events/api-token-revoked';
// issue 14, PagerDuty's Change Events API (detection): a change to a service, context for responders
export * from './events/change-recorded';
// issue 15, update cadence (comms): an incident went a whole cadence without a status update
export * from './events/update-overdue';
// issue 15, the status page's components: triage's service catalog and detection's maintenance windows
export * from './events/service-registered';
export * from './events/service-updated';
export * from './events/service-retired';
export * from './events/maintenance-window-scheduled';
export * from './events/maintenance-window-cancelled';
// issue 16, the timeline: people's notes on it and their corrections (review's timeline- streams)
export * from './events/timeline-note-added';
export * from './events/timeline-note-corrected';
// issue 16, postmortems and their action items (review's postmortem- streams)
export * from './events/postmortem-opened';
export * from './events/postmortem-section-edited';
export * from './events/postmortem-status-changed';
export * from './events/action-item-added';
export * from './events/action-item-updated';
export * from './events/action-item-overdue';
export * from './team-id';
