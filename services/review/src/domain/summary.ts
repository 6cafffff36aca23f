/**
 * A one-line, human summary of a source event for the timeline. Pure; unknown types get a
 * generic line so a new event never breaks the timeline.
 */
type Data = Record<string, unknown>;

const str = (value: unknown, fallback = '?'): string => (typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : fallback);
const obj = (value: unknown): Data => (value && typeof value === 'object' ? (value as Data) : {});
const names = (people: unknown): string => (Array.isArray(people) ? people.map((p) => str(obj(p).name)).join(', ') : '?');
/** What comms delivered, by the delivery's kind: a page, a status update, or (issue 16) an action item reminder. */
const deliveryNoun = (kind: unknown): string => (kind === 'page' ? 'Page' : kind === 'action-item-reminder' ? 'Action item reminder' : 'Status update');
/** What re-notified: a failover, a later notification rule (with its minutes), or the acknowledgement timeout. */
const renotifiedBy = (d: Data): string => {
  if (d.cause === 'delivery-failed') return 'Page failed over';
  // issue 13: an SLA breach of an acknowledged incident re-notifies its responders.
  if (d.cause === 'sla-breached') return `Re-notified (SLA ${str(obj(d.sla).target)} breached)`;
  if (d.cause === 'notification-rule') {
    const minutes = obj(d.rule).afterMinutes;
    return `Notified again (notification rule${typeof minutes === 'number' ? `, unacknowledged ${minutes} min` : ''})`;
  }
  return 'Re-notified (acknowledgement timeout)';
};

const summaries: Record<string, (d: Data) => string> = {
  AlertFired: (d) => `Alert fired (${str(d.severity)}) from ${str(d.source)}: ${str(d.summary)}`,
  // v2 (issue 17) is a batch of repeats decided together; v1 was one repeat.
  AlertDeduplicated: (d) =>
    typeof d.count === 'number' && typeof d.occurrences === 'number' && d.count > 1
      ? `Alert fired again ${d.count} times (occurrences ${d.occurrences - d.count + 1} to ${d.occurrences}): ${str(d.receivedSummary)}`
      : `Alert fired again (occurrence ${str(d.occurrences)}): ${str(d.receivedSummary)}`,
  AlertResolved: (d) => `Alert resolved at its source (${str(d.fingerprint)})`,
  AlertClosed: (d) => `Alert closed with the incident (${str(d.fingerprint)}): ${str(d.reason)}`,
  IncidentDetected: (d) => `Incident detected (${str(d.severity)}): ${str(d.title)}`,
  AlertGrouped: (d) => `Alert ${d.opened ? 'opened the incident' : 'grouped into the incident'} by rule ${str(d.ruleId)} v${str(d.ruleVersion)}: ${str(d.summary)}`,
  AlertJoinedIncident: (d) => `Alert joined the incident (${str(d.severity)}${typeof d.service === 'string' ? `, service ${d.service}` : ''})`,
  IncidentAlertResolved: (d) => `An alert of the incident resolved; ${str(d.stillFiring)} still firing`,
  SignalsCleared: (d) => `All ${str(d.alertCount)} alert(s) of the incident have resolved at their source`,
  IncidentAssessed: (d) =>
    `Assessed: impact ${str(obj(d.suggestedImpact).level)}, urgency ${str(obj(d.suggestedUrgency).level)}; ${str(d.alertCount)} alert(s), ` +
    `${Array.isArray(d.impactedServices) ? d.impactedServices.length : 0} service(s)`,
  IncidentQueued: (d) => `Queued for triage: ${str(d.title)}`,
  TriagePagingNoted: (d) => (d.paged === true ? `Triage noted team ${str(d.team)} was paged` : `Triage noted nobody was paged: ${str(d.reason)}`),
  TriageStatusChanged: (d) => `Triage's view now shows it ${str(d.status)}${typeof d.by === 'string' ? ` (by ${d.by})` : ''}`,
  IncidentTriaged: (d) => `Triaged as ${str(d.priority)}, routed to team ${str(obj(d.route).team)}`,
  IncidentReprioritised: (d) =>
    `Priority ${str(obj(d.previous).priority)} → ${str(d.priority)} (${str(d.severity)}, ${str(d.trigger)}${typeof d.by === 'string' ? ` by ${d.by}` : ''}): ${str(d.reason)}`,
  ResponsePriorityChanged: (d) => `Response now at ${str(d.priority)} (${str(d.severity)})`,
  TeamCreated: (d) => `Team ${str(d.name)} created`,
  TeamUpdated: (d) => `Team ${str(d.name)} changed`,
  TeamRetired: (d) => `Team ${str(d.name)} retired`,
  // v2 names the person (`responder` is the name, plus the contact method's kind); v1 held `{ name, webhookUrl }`.
  ResponderPaged: (d) =>
    `Paged ${typeof d.responder === 'string' ? d.responder : str(obj(d.responder).name)} of team ${str(d.team)} (level ${str(d.escalationLevel)}` +
    `${typeof d.contactKind === 'string' ? `, by ${d.contactKind}` : ''})`,
  EscalationStarted: (d) => `Escalation started under policy ${str(obj(d.policy).name)} v${str(obj(d.policy).version)}`,
  // v3 (issue 13): a level an SLA breach reached on an acknowledged incident has no deadline; its people join the response.
  EscalationLevelReached: (d) =>
    `Escalation level ${str(d.level)}${Number(d.repeat) > 0 ? ` (repeat ${str(d.repeat)})` : ''} paged ${names(d.paged)}` +
    (d.deadlineAt === null ? `${d.sla ? ` (SLA ${str(obj(d.sla).target)} breached)` : ''}: joins the response` : `; next level at ${str(d.deadlineAt)}`),
  EscalationLevelSkipped: (d) => `Escalation level ${str(d.level)} skipped: ${str(d.reason)}`,
  EscalationExhausted: (d) =>
    `Escalation exhausted: nobody acknowledged${typeof d.fallbackTeam === 'string' ? `; paging the default route's team ${d.fallbackTeam}` : ''}`,
  // v2 adds the cause notification-rule: a page left unacknowledged for a later rule's minutes.
  IncidentRenotified: (d) => `${renotifiedBy(d)}: ${names(d.notified)}`,
  DeliveryAttemptFailed: (d) => `${deliveryNoun(d.kind)} attempt ${str(d.attempt)} failed: ${str(d.error)}`,
  IncidentUnrouted: (d) => `Nobody paged: ${str(d.reason)}`,
  PageFailed: (d) => (d.paged === true ? `Page failed: ${str(d.reason)}` : `Nobody reached: ${str(d.reason)}`),
  IncidentAcknowledged: (d) => `Acknowledged by ${str(d.by)}`,
  IncidentResolved: (d) => `Resolved by ${str(d.by)}${typeof d.resolution === 'string' && d.resolution ? `: ${d.resolution}` : ''}`,
  // issue 13, SLA clocks (coordination's incidentSla- stream)
  SlaClocksStarted: (d) =>
    `SLA clocks started (${str(d.priority, 'no priority')}, SLA v${str(d.slaVersion)}): ` +
    (Array.isArray(d.clocks) && d.clocks.length > 0 ? d.clocks.map((c) => `${str(obj(c).target)} by ${str(obj(c).dueAt)}`).join(', ') : 'no target'),
  SlaClocksRetargeted: (d) =>
    `SLA clocks re-targeted ${str(d.previous, 'no priority')} → ${str(d.priority)}` +
    (Array.isArray(d.clocks) && d.clocks.length > 0 ? `: ${d.clocks.map((c) => `${str(obj(c).target)} by ${str(obj(c).dueAt)}`).join(', ')}` : ''),
  SlaClockStopped: (d) =>
    d.outcome === 'not-applicable' ? `${str(d.target)} (no SLA target) ${str(d.cause)}` : `${str(d.target)} SLA ${d.outcome === 'met' ? 'met' : 'missed'}: ${str(d.cause)} at ${str(d.stoppedAt)} (due ${str(d.dueAt)})`,
  SlaBreached: (d) => `SLA breached: ${str(d.target)} for ${str(d.priority)} was due ${str(d.dueAt)} (SLA v${str(d.slaVersion)})`,
  // issue 13, lifecycle and roles (coordination)
  IncidentStatusChanged: (d) => `Status ${str(d.from)} → ${str(d.to)} by ${str(d.by)}${typeof d.note === 'string' && d.note ? `: ${d.note}` : ''}`,
  IncidentMitigated: (d) => `Mitigated by ${str(d.by)}${typeof d.note === 'string' && d.note ? `: ${d.note}` : ''}`,
  IncidentReopened: (d) => `Reopened by ${str(d.by)} (back to ${str(d.status)}${d.escalationRestarted === true ? ', escalation restarted' : ''}): ${str(d.reason)}`,
  IncidentReassigned: (d) => `Reassigned by ${str(d.by)} to ${str(obj(d.to).kind)} ${str(obj(d.to).name)} (was team ${str(d.previousTeam)})`,
  RespondersAdded: (d) => `Responders added by ${str(d.by)}: ${names(d.responders)}`,
  IncidentSnoozed: (d) => `Snoozed by ${str(d.by)} until ${str(d.until)}`,
  IncidentSnoozeEnded: (d) => (d.cause === 'unsnoozed' ? `Snooze ended by ${str(d.by)}` : `Snooze ended (was until ${str(d.snoozedUntil)}): responders notified again`),
  IncidentRoleAssigned: (d) => `${str(d.name)} is now ${str(d.role)}${typeof d.previousPersonId === 'string' ? ' (handed over)' : ''}, by ${str(d.by)}`,
  IncidentRoleReleased: (d) => `Role ${str(d.role)} released by ${str(d.by)}`,
  // issue 13, merge and link (coordination) and the alerts that move with a merge (detection)
  IncidentMerged: (d) => `Merged into incident ${str(d.into)} by ${str(d.by)}${typeof d.reason === 'string' && d.reason ? `: ${d.reason}` : ''}`,
  IncidentAbsorbed: (d) => `Incident ${str(d.merged)} merged into this one by ${str(d.by)}`,
  IncidentUnmerged: (d) => `Merge into incident ${str(d.from)} undone by ${str(d.by)}${typeof d.reason === 'string' && d.reason ? `: ${d.reason}` : ''}`,
  IncidentSplit: (d) => `Incident ${str(d.split)} split off again by ${str(d.by)}`,
  IncidentLinked: (d) => `Linked by ${str(d.by)}: ${d.kind === 'caused-by' ? 'caused by' : 'related to'} incident ${str(d.to)}`,
  IncidentUnlinked: (d) => `Link to incident ${str(d.to)} (${str(d.kind)}) removed by ${str(d.by)}`,
  AlertMovedToIncident: (d) => `Alert ${str(d.fingerprint)} moved from incident ${str(d.from)} (${d.reason === 'unmerged' ? 'merge undone' : 'merged'})`,
  AlertsMovedToIncident: (d) => `${Array.isArray(d.alerts) ? d.alerts.length : '?'} alert(s) of incident ${str(d.from)} now count toward this one (${d.reason === 'unmerged' ? 'merge undone' : 'merged'})`,
  AlertsMovedOutOfIncident: (d) => `${Array.isArray(d.alertIds) ? d.alertIds.length : '?'} alert(s) moved to incident ${str(d.to)} (${d.reason === 'unmerged' ? 'merge undone' : 'merged'})`,
  StatusUpdatePosted: (d) =>
    `${d.audience === 'public' ? 'Public status update' : d.audience === 'internal' ? 'Internal status update' : d.audience === 'responders' ? 'Status update for responders' : 'Status update'} ` +
    `(${str(d.status)}${typeof d.impact === 'string' && d.impact !== 'none' ? `, ${d.impact} impact` : ''}${typeof d.eta === 'string' ? `, eta ${d.eta}` : ''}): ${str(d.message)}`,
  NotificationDelivered: (d) => `${deliveryNoun(d.kind)} delivered to ${str(d.target)} (HTTP ${str(d.statusCode)}, ${str(d.attempts)} attempt(s))`,
  NotificationFailed: (d) => `${deliveryNoun(d.kind)} to ${str(d.target)} failed after ${str(d.attempts)} attempt(s): ${str(d.error)}`,
  // issue 13, tasks of an incident (coordination)
  TaskCreated: (d) => `Task created: ${str(d.title)}${typeof d.assigneeName === 'string' ? `, assigned to ${d.assigneeName}` : ''}${typeof d.dueAt === 'string' ? `, due ${d.dueAt}` : ''}`,
  TaskUpdated: (d) => `Task changed (${Array.isArray(d.changed) ? d.changed.join(', ') : '?'}): ${str(d.title)}`,
  TaskAssigned: (d) => `Task assigned to ${str(d.assigneeName)}: ${str(d.title)}`,
  TaskStarted: (d) => `Task started: ${str(d.title)}`,
  TaskCompleted: (d) => `Task done: ${str(d.title)}`,
  TaskCancelled: (d) => `Task cancelled: ${str(d.title)}${typeof d.reason === 'string' ? ` (${d.reason})` : ''}`,
  TaskOverdue: (d) => `Task overdue (due ${str(d.dueAt)}): ${str(d.title)}; reminding ${typeof d.assigneeName === 'string' ? d.assigneeName : 'nobody: it has no assignee'}`,
};

export function summarize(type: string, data: unknown): string {
  const known = summaries[type];
  // A summary never fails the timeline: malformed data falls back to the generic line.
  if (known) {
    try {
      return known(obj(data));
    } catch {
      /* fall through */
    }
  }
  return `${type.replace(/([a-z])([A-Z])/g, '$1 $2')}`;
}
