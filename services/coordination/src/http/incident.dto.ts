import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IncidentSlaDto } from './sla.dto';
import { Actor } from './lifecycle.dto';
import { WarRoomPersonDto, WarRoomTaskDto, WarRoomTimerDto } from './war-room.dto';
import { CONTACT_KINDS } from '../domain/person.decider';

/** Who takes ownership is the bearer token's principal (issue 14); the body's `by` is only "on behalf of" text, as for every command of an incident. */
export class AcknowledgeDto extends Actor {}

export class ResolveDto extends Actor {
  @ApiPropertyOptional({ example: 'rolled back release 42' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  resolution?: string;
}

export class AcceptedDto {
  @ApiProperty({ format: 'uuid', description: 'Id of the stored event' })
  eventId!: string;
}

export class PageDeliveryDto {
  @ApiProperty({ enum: ['pending', 'retrying', 'delivered', 'failed'], description: "comms' last word on the page's delivery (`pending` until it has said anything)" }) state!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: "Comms' delivery id (`GET /comms/deliveries/{id}` with it or the pageId shows every attempt)" }) deliveryId!: string | null;
  @ApiProperty({ description: 'Attempts made so far' }) attempts!: number;
  @ApiProperty({ nullable: true, type: Number, description: "The receiver's last HTTP status, when it answered" }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The real cause of the last failure, e.g. `connection refused (ECONNREFUSED) to 10.0.0.7:443`; null once delivered' }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt!: string | null;
}

export class PageDto {
  @ApiProperty({ format: 'uuid' }) pageId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ description: "The person's name" }) responder!: string;
  @ApiProperty({ format: 'uuid', description: 'The contact method the page went to (never its address)' }) contactMethodId!: string;
  @ApiProperty({ enum: CONTACT_KINDS }) contactKind!: string;
  @ApiProperty() escalationLevel!: number;
  @ApiProperty({ description: 'Why this responder was paged (order, rule)' }) reason!: string;
  @ApiProperty({ format: 'date-time' }) pagedAt!: string;
  @ApiPropertyOptional({ description: "Why comms gave up on this page (e.g. `no answer within 5000 ms`); absent while it is on its way or once delivered" })
  failure?: string;
  @ApiPropertyOptional({ type: PageDeliveryDto, description: 'How the delivery is going (the incident view `GET /coordination/incidents/{id}` only); it lags comms by the bus' })
  delivery?: PageDeliveryDto;
}

export class EscalationStateDto {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiProperty({ description: 'The policy version the escalation follows (a snapshot taken when it started)' }) version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['policy', 'team-default'], description: "`team-default`: the team's members in on-call order, one level each" }) source!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Pass of the last level reached or skipped (0: first pass)' }) repeat!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The last level reached or skipped (1-based)' }) level!: number | null;
  @ApiProperty({ description: 'Levels in the policy' }) levels!: number;
  @ApiProperty({ description: 'How many times the policy runs again after its last level' }) repeats!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the next level comes unless someone acknowledges' }) nextDeadlineAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When an acknowledged incident is re-notified' }) acknowledgementTimeoutAt!: string | null;
  @ApiProperty() levelsReached!: number;
  @ApiProperty() levelsSkipped!: number;
  @ApiProperty({ description: "True once the last level of the last pass ended unacknowledged: the default route's team was paged" }) exhausted!: boolean;
  @ApiProperty({ nullable: true, type: String, description: "The default route's team, paged once the policy is exhausted" }) fallbackTeam!: string | null;
}

export class RoleHolderDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() name!: string;
}

export class RolesDto {
  @ApiProperty({ nullable: true, type: RoleHolderDto }) commander!: RoleHolderDto | null;
  @ApiProperty({ nullable: true, type: RoleHolderDto, name: 'communications-lead' }) 'communications-lead'!: RoleHolderDto | null;
  @ApiProperty({ nullable: true, type: RoleHolderDto }) scribe!: RoleHolderDto | null;
  @ApiProperty({ type: [RoleHolderDto], name: 'subject-matter-expert' }) 'subject-matter-expert'!: RoleHolderDto[];
}

export class IncidentResponseDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ enum: ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved'] }) status!: string;
  @ApiProperty({ nullable: true, enum: ['P1', 'P2', 'P3', 'P4', 'P5'] }) priority!: string | null;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty() team!: string;
  @ApiProperty({ type: [PageDto] }) pages!: PageDto[];
  @ApiProperty({
    description:
      'True once someone was paged; false when nobody could be (routed team and default route team unknown or without members) or when the page of a triggered incident failed and nobody has been reached.',
  })
  paged!: boolean;
  @ApiProperty({
    example: 'on-call order: lowest onCallOrder (1) of team "operations"; team "payments-x" does not exist; paged the default route\'s team "operations" instead; routed by rule routing-default/team-label v1',
    description: 'Who was paged and by which route (and why the default route was used), or why nobody was paged.',
  })
  pagedReason!: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) acknowledgedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolution!: string | null;
  @ApiProperty({ nullable: true, type: EscalationStateDto, description: 'The escalation; null when nobody was paged' }) escalation!: EscalationStateDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the impact stopped (`POST …/mitigate`)' }) mitigatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) mitigatedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) mitigationNote!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The last reopen' }) reopenedAt!: string | null;
  @ApiProperty({ type: RolesDto }) roles!: RolesDto;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Snoozed until then (the responders are re-notified when it ends)' }) snoozedUntil!: string | null;
  @ApiProperty({ type: [String], enum: ['commander-missing'], description: '`commander-missing` while an unresolved P1 or P2 has no incident commander' }) flags!: string[];
  // issue 13, the war room: composed from the tasks, SLA, timers and stakeholder-update read models.
  @ApiProperty({ type: [WarRoomPersonDto], description: 'Everyone paged for the incident, once each, in the order first paged' }) responders!: WarRoomPersonDto[];
  @ApiProperty({ type: [WarRoomTaskDto], description: "The incident's tasks, oldest first; empty when none" }) tasks!: WarRoomTaskDto[];
  @ApiProperty({ nullable: true, type: IncidentSlaDto, description: 'The SLA clocks as `GET …/sla` answers them; null before they start (they lag the response by the bus)' })
  sla!: IncidentSlaDto | null;
  @ApiProperty({ type: [WarRoomTimerDto], description: 'Every pending durable timer of the response, SLA and task streams, soonest first, with what it will do' })
  pendingTimers!: WarRoomTimerDto[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: "When comms last posted a status update to the stakeholders (lags comms by the bus); null when none" })
  lastStakeholderUpdateAt!: string | null;
}
