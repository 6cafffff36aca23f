import { ApiProperty } from '@nestjs/swagger';

export class StatusUpdateFactsDto {
  @ApiProperty({ enum: ['responders', 'internal', 'public'], description: 'Who it was for (updates posted before audiences: public)' }) audience!: string;
  @ApiProperty({ enum: ['investigating', 'identified', 'monitoring', 'resolved'] }) phase!: string;
  @ApiProperty({ enum: ['none', 'minor', 'major', 'critical'] }) impact!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Estimated resolution time' }) eta!: string | null;
}

export class NoteFactsDto {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
  @ApiProperty({ enum: ['note', 'decision', 'annotation'] }) kind!: string;
  @ApiProperty({ description: 'Its text as last corrected' }) text!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The `eventId` of the entry it is about' }) about!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was last corrected, or null' }) correctedAt!: string | null;
}

export class TimelineChangeLinkDto {
  @ApiProperty({ description: "As the sender gave it: never fetched by Linchpin; show it as the sender's link" }) href!: string;
  @ApiProperty({ required: false }) text?: string;
}

export class ChangeFactsDto {
  @ApiProperty({ format: 'uuid' }) changeId!: string;
  @ApiProperty({ type: [String], description: 'Every service the change names' }) services!: string[];
  @ApiProperty({ example: 'payments', description: 'The service that relates it to the incident (lower case)' }) service!: string;
  @ApiProperty({ enum: ['impacted', 'dependency'], description: '`impacted`: a service of the incident changed; `dependency`: a service one of them depends on (catalog `dependsOn`, transitively)' })
  relation!: string;
  @ApiProperty({ type: [String], example: ['checkout', 'payments'], description: 'From the impacted service to `service` along `dependsOn`' }) via!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Where the change happened, as the sender named it' }) source!: string | null;
  @ApiProperty({ type: [TimelineChangeLinkDto] }) links!: TimelineChangeLinkDto[];
  @ApiProperty({ type: String, nullable: true, description: "The sender's custom details as JSON text (cut at 16 KiB)" }) customDetails!: string | null;
  @ApiProperty() customDetailsTruncated!: boolean;
}

export class EntryDto {
  @ApiProperty({ format: 'date-time', description: 'When the source context recorded the event (same as `recordedAt`, kept for older clients)' }) at!: string;
  @ApiProperty({ format: 'date-time', description: 'When the source context recorded the event; for a note or correction, when review recorded it' }) recordedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened at the source (its `metadata.occurredAt`); for an entry recorded before TimelineEntryRecorded v2, its record time' })
  occurredAt!: string;
  @ApiProperty({ example: 'coordination' }) context!: string;
  @ApiProperty({ example: 'IncidentAcknowledged' }) type!: string;
  @ApiProperty({ example: 'user:alice' }) actor!: string;
  @ApiProperty({ example: 'Acknowledged by alice' }) summary!: string;
  @ApiProperty({ format: 'uuid', description: 'The source event id; a note’s id; a correction’s id' }) eventId!: string;
  @ApiProperty({ type: StatusUpdateFactsDto, required: false, description: 'Only on a `StatusUpdatePosted` entry' }) statusUpdate?: StatusUpdateFactsDto;
  @ApiProperty({ type: NoteFactsDto, required: false, description: 'Only on a note (`TimelineNoteAdded`)' }) note?: NoteFactsDto;
  @ApiProperty({ format: 'uuid', required: false, description: 'Only on a correction (`TimelineNoteCorrected`): the note it corrects' }) correctionOf?: string;
  @ApiProperty({
    type: ChangeFactsDto,
    required: false,
    description:
      'Only on a change shown before the incident (context `detection`, type `ChangeRecorded`, `eventId` the change event; `occurredAt` when it ' +
      "happened, the sender's timestamp else when received; `recordedAt` when detection recorded it): why it is shown",
  })
  change?: ChangeFactsDto;
}

export class PagedDto {
  @ApiProperty() responder!: string;
  @ApiProperty() team!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class LastUpdateDto {
  @ApiProperty({ description: 'The phase, by its older name' }) status!: string;
  @ApiProperty({ enum: ['investigating', 'identified', 'monitoring', 'resolved'] }) phase!: string;
  @ApiProperty({ enum: ['responders', 'internal', 'public'] }) audience!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class PersonInvolvedDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "Coordination's person id (a page from before people: the id its upcaster derives)" }) personId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ description: '`ResponderPaged` events for them by then' }) pages!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firstPagedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastPagedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who added them by hand (`RespondersAdded`), else null' }) addedBy!: string | null;
  @ApiProperty({ type: [String], enum: ['commander', 'communications-lead', 'scribe', 'subject-matter-expert'], description: 'The roles they held then' }) roles!: string[];
}

export class StateRoleHolderDto {
  @ApiProperty({ enum: ['commander', 'communications-lead', 'scribe', 'subject-matter-expert'] }) role!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time', description: 'When they took it' }) since!: string;
}

export class AssignmentDto {
  @ApiProperty({ enum: ['team', 'person'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class OpenAlertDto {
  @ApiProperty({ format: 'uuid' }) alertId!: string;
  @ApiProperty({ type: String, nullable: true }) fingerprint!: string | null;
  @ApiProperty({ type: String, nullable: true }) severity!: string | null;
  @ApiProperty({ type: String, nullable: true }) service!: string | null;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it started at its source' }) startsAt!: string | null;
  @ApiProperty({ enum: ['fired', 'joined', 'moved'], description: 'It opened or fired into the incident, joined it by correlation, or came with a merge' }) how!: string;
  @ApiProperty({ format: 'date-time', description: 'When the incident got it' }) since!: string;
}

export class PendingTimerDto {
  @ApiProperty({ example: 'sla:acknowledge', description: 'The deadline: `escalation`, `sla:<target>`, `snooze`, `update-cadence`, `task:<taskId>`' }) timer!: string;
  @ApiProperty({ enum: ['escalation', 'sla', 'snooze', 'update-cadence', 'task'] }) kind!: string;
  @ApiProperty({ example: 'SLA target acknowledge (P1)' }) what!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the event that set it happened' }) scheduledAt!: string;
  @ApiProperty({ example: 'SlaClocksStarted', description: 'The type of the event that set it' }) scheduledBy!: string;
  @ApiProperty({ description: 'Due at or before the moment asked, its firing not on the timeline by then' }) overdue!: boolean;
}

export class UpdateCadenceDto {
  @ApiProperty() minutes!: number;
  @ApiProperty() version!: number;
}

export class ToldUpdateDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updateId!: string | null;
  @ApiProperty({ enum: ['investigating', 'identified', 'monitoring', 'resolved'] }) phase!: string;
  @ApiProperty({ enum: ['none', 'minor', 'major', 'critical'] }) impact!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) eta!: string | null;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was posted' }) at!: string;
}

export class AudienceToldDto {
  @ApiProperty({ description: 'Status updates this audience had been sent by then' }) updates!: number;
  @ApiProperty({ type: ToldUpdateDto, description: 'The last of them' }) last!: ToldUpdateDto;
}

export class ToldDto {
  @ApiProperty({ type: AudienceToldDto, nullable: true }) responders!: AudienceToldDto | null;
  @ApiProperty({ type: AudienceToldDto, nullable: true }) internal!: AudienceToldDto | null;
  @ApiProperty({ type: AudienceToldDto, nullable: true, description: 'Updates posted before audiences count here' }) public!: AudienceToldDto | null;
}

export class RelatedChangeDto extends ChangeFactsDto {
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'date-time', description: "When it happened: the sender's timestamp, else when received (what the window measures)" }) at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The sender's timestamp" }) timestamp!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When detection recorded it (what `?at=` knows by)' }) recordedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The integration that reported it; null for `POST /detection/changes`' }) integrationId!: string | null;
  @ApiProperty({ description: 'Who reported it' }) actor!: string;
  @ApiProperty({ format: 'uuid', description: 'The detection event (the timeline entry’s `eventId`)' }) sourceEventId!: string;
}

export class SnapshotDto {
  @ApiProperty({ enum: ['detected', 'triaged', 'acknowledged', 'resolved'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) severity!: string | null;
  @ApiProperty({ nullable: true, type: String }) priority!: string | null;
  @ApiProperty({ nullable: true, type: String }) team!: string | null;
  @ApiProperty() alertCount!: number;
  @ApiProperty({ type: [PagedDto] }) paged!: PagedDto[];
  @ApiProperty({ nullable: true, type: String }) acknowledgedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy!: string | null;
  @ApiProperty({ nullable: true, type: LastUpdateDto }) lastUpdate!: LastUpdateDto | null;
  // Issue 16, the whole state across contexts; instants are event times (at the source).
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When detection opened the incident' }) detectedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved'],
    description: "Coordination's lifecycle status then (a reopen moves it back); null until coordination said anything",
  })
  response!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The priority then, as re-prioritised since triage's decision (`priority` keeps triage's first)" }) currentPriority!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the impact stopped (`IncidentMitigated`)' }) mitigatedAt!: string | null;
  @ApiProperty({ description: 'Reopens by then' }) reopens!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The incident it was merged into then' }) mergedInto!: string | null;
  @ApiProperty({ type: [String], description: "The services it touched by then (its alerts', triage's, the assessment's impacted services), sorted" }) services!: string[];
  @ApiProperty({ type: [PersonInvolvedDto], description: 'People paged, added by hand or holding a role, in the order they first appear' }) people!: PersonInvolvedDto[];
  @ApiProperty({ type: [StateRoleHolderDto], description: 'Incident roles held then (commander, communications lead, scribe, subject-matter experts)' }) roles!: StateRoleHolderDto[];
  @ApiProperty({ type: AssignmentDto, nullable: true, description: 'Where a reassignment sent the response' }) assignedTo!: AssignmentDto | null;
  @ApiProperty({ type: [OpenAlertDto], description: 'Alerts fired, joined or moved in and not resolved by then' }) openAlerts!: OpenAlertDto[];
  @ApiProperty({ type: [PendingTimerDto], description: 'Deadlines set and not passed, stopped or cancelled by then, soonest first' }) pendingTimers!: PendingTimerDto[];
  @ApiProperty({ type: UpdateCadenceDto, nullable: true, description: "Comms' update cadence for the incident, once an `UpdateOverdue` said it" }) updateCadence!: UpdateCadenceDto | null;
  @ApiProperty({ type: ToldDto, description: 'What each audience had been told: how many updates, and the last' }) told!: ToldDto;
  @ApiProperty({
    type: [RelatedChangeDto],
    description: 'Changes to its services and their dependencies in `REVIEW_CHANGES_WINDOW_HOURS` (default 24) before its detection, known to review by then; newest first',
  })
  changes!: RelatedChangeDto[];
}

export class TimelineDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ format: 'date-time', required: false, description: 'Only with `?at=`' }) asOf?: string;
  @ApiProperty({ type: SnapshotDto, nullable: true, required: false, description: 'Only with `?at=`: the incident as it stood then (null if nothing was known yet)' })
  state?: SnapshotDto | null;
  @ApiProperty({ type: [EntryDto] }) entries!: EntryDto[];
}
