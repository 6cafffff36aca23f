import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, ValidateBy, ValidateIf, ValidationArguments } from 'class-validator';
import { IsNotBlank, MaxUtf16Length, NoControlChars } from '@linchpin/platform';
import { ACTION_ITEM_TITLE_MAX_LENGTH, POSTMORTEM_SECTION_MAX_LENGTH } from '@linchpin/contracts';
import { ACTION_ITEM_STATUSES, ActionItemStatus, SECTION_NAMES } from '../../domain/postmortem/postmortem.decider';
import { RelatedChangeDto } from '../timeline.dto';
import { PRIORITIES, PriorityName } from '../../domain/postmortem/postmortem-policy.decider';
import { IncidentMetricsDto } from '../metrics/incident-metrics.dto';
import { isCalendarDay } from './calendar-day';

const DUE_DATE = { type: String, format: 'date', example: '2026-12-15', description: 'The day it is due by (`YYYY-MM-DD`): overdue from the end of that day, UTC' };
const dueDateRules = [
  Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a calendar day, YYYY-MM-DD' }),
  ValidateBy({ name: 'isCalendarDay', validator: { validate: isCalendarDay, defaultMessage: () => 'dueDate must be a real calendar day, YYYY-MM-DD' } }),
];
const applyAll = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

// A missing text is said to be required (not "must be at most…"): the length is only checked on a string.
const missingOrNoString = ({ property, value }: ValidationArguments) =>
  value === undefined || value === null ? `${property} is required (an empty string clears the section)` : `${property} must be a string`;
export class EditSectionDto {
  @ApiProperty({ maxLength: POSTMORTEM_SECTION_MAX_LENGTH, description: 'The whole section from now on, Markdown; empty clears it', example: '- The deploy skipped the canary stage' })
  @IsString({ message: missingOrNoString })
  @MaxUtf16Length(POSTMORTEM_SECTION_MAX_LENGTH)
  text!: string;
}

export class AddActionItemDto {
  @ApiProperty({ maxLength: ACTION_ITEM_TITLE_MAX_LENGTH, example: 'Make the canary stage mandatory' })
  @IsString()
  @IsNotBlank()
  @NoControlChars()
  @MaxUtf16Length(ACTION_ITEM_TITLE_MAX_LENGTH)
  title!: string;

  @ApiProperty({ maxLength: 200, example: 'alice', description: 'Who is to do it: a person id or a name, as the team writes it' })
  @IsString()
  @IsNotBlank()
  @NoControlChars()
  @MaxUtf16Length(200)
  owner!: string;

  @ApiPropertyOptional({ ...DUE_DATE, nullable: true })
  @IsOptional()
  @applyAll(dueDateRules)
  dueDate?: string | null;
}

export class UpdateActionItemDto {
  @ApiPropertyOptional({ maxLength: ACTION_ITEM_TITLE_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @NoControlChars()
  @MaxUtf16Length(ACTION_ITEM_TITLE_MAX_LENGTH)
  title?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @NoControlChars()
  @MaxUtf16Length(200)
  owner?: string;

  @ApiPropertyOptional({ ...DUE_DATE, nullable: true, description: `${DUE_DATE.description}; null removes it` })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @applyAll(dueDateRules)
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: ACTION_ITEM_STATUSES })
  @IsOptional()
  @IsIn(ACTION_ITEM_STATUSES, { message: `status must be one of ${ACTION_ITEM_STATUSES.join(', ')}` })
  status?: ActionItemStatus;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 2000, example: 'The vendor found a second cause', description: 'Why (kept in the postmortem’s history)' })
  @IsString()
  @IsNotBlank()
  @MaxUtf16Length(2000)
  reason!: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Why (kept in the postmortem’s history)' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxUtf16Length(2000)
  reason?: string;
}

export class PostmortemPolicyDto {
  @ApiProperty({ enum: PRIORITIES, isArray: true, example: ['P1', 'P2'], description: 'The priorities whose incidents get a postmortem when they resolve (empty: none; responders still open one on demand)' })
  @IsArray()
  @ArrayMaxSize(PRIORITIES.length)
  @IsIn(PRIORITIES, { each: true, message: `requiredFor must hold only ${PRIORITIES.join(', ')}` })
  requiredFor!: PriorityName[];
}

export class PostmortemPolicyViewDto {
  @ApiProperty({ example: 1, description: 'Version 1 is the built-in policy (P1, P2); each change is the next' }) version!: number;
  @ApiProperty({ enum: PRIORITIES, isArray: true }) requiredFor!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) changedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) changedBy!: string | null;
}

export class ActionItemReminderDto {
  @ApiProperty({
    enum: ['pending', 'delivered', 'failed'],
    description:
      'Its last overdue reminder’s delivery (comms, kind `action-item-reminder`) as review heard it: delivered, failed (a dead letter in `GET /comms/dead-letters`), or pending (no outcome yet, or nobody to send it to: an owner written as a name)',
  })
  status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When it was delivered or failed for good; null while pending' }) at!: string | null;
}

export class ActionItemDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ format: 'uuid' }) actionItemId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() owner!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dueDate!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The end of the due day, UTC' }) dueAt!: string | null;
  @ApiProperty({ enum: ACTION_ITEM_STATUSES }) status!: string;
  @ApiProperty({ description: 'Open, and its due day has ended (now is past `dueAt`): said at once, whether or not its reminder has fired yet' }) overdue!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'The due date its reminder (`ActionItemOverdue`) was last sent for; null until one fired' }) overdueFor!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When that reminded due date was due' }) overdueAt!: string | null;
  @ApiProperty({ nullable: true, type: ActionItemReminderDto, description: 'Whether its last reminder reached its owner; null until a reminder was recorded' }) reminder!: ActionItemReminderDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SectionDto {
  @ApiProperty({ enum: SECTION_NAMES }) section!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Markdown as written; empty while nobody has' }) text!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The last edit (clearing it included); null while nobody has written it' }) editedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) editedBy!: string | null;
}

export class StatusChangeDto {
  @ApiProperty({ enum: ['draft', 'in-review', 'published'] }) from!: string;
  @ApiProperty({ enum: ['draft', 'in-review', 'published'] }) to!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() by!: string;
}

export class PostmortemSummaryDto {
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) service!: string | null;
  @ApiProperty({ nullable: true, type: String }) priority!: string | null;
  @ApiProperty({ nullable: true, type: String }) severity!: string | null;
  @ApiProperty({ nullable: true, type: String }) team!: string | null;
  @ApiProperty() alerts!: number;
  @ApiProperty({ nullable: true, type: String }) resolvedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolution!: string | null;
}

export class PostmortemPublicUpdateDto {
  @ApiProperty() phase!: string;
  @ApiProperty() impact!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class PostmortemImpactDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Triage’s impact level (1 highest)' }) impact!: number | null;
  @ApiProperty({ nullable: true, type: Number }) urgency!: number | null;
  @ApiProperty({ nullable: true, type: String }) service!: string | null;
  @ApiProperty({ nullable: true, type: PostmortemPublicUpdateDto }) lastPublicUpdate!: PostmortemPublicUpdateDto | null;
}

export class ExcerptEntryDto {
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty() context!: string;
  @ApiProperty() type!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
}

export class PostmortemDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ enum: ['draft', 'in-review', 'published'] }) status!: string;
  @ApiProperty({ enum: ['policy', 'responder'] }) trigger!: string;
  @ApiProperty({ nullable: true, type: String }) priorityWhenOpened!: string | null;
  @ApiProperty({ nullable: true, type: [String] }) requiredFor!: string[] | null;
  @ApiProperty({ nullable: true, type: Number }) policyVersion!: number | null;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty() openedBy!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedBy!: string | null;
  @ApiProperty({ type: [StatusChangeDto] }) history!: StatusChangeDto[];
  @ApiProperty({ type: PostmortemSummaryDto }) summary!: PostmortemSummaryDto;
  @ApiProperty({ type: PostmortemImpactDto }) impact!: PostmortemImpactDto;
  @ApiProperty({ type: IncidentMetricsDto, description: 'As `GET /review/incidents/{id}/metrics?at=<asOf>`: as of the publication once published, else now' }) metrics!: IncidentMetricsDto;
  @ApiProperty({ type: [ExcerptEntryDto], description: 'The moments that shaped the response (at most 100)' }) timeline!: ExcerptEntryDto[];
  @ApiProperty({
    type: [RelatedChangeDto],
    description:
      'Changes to the impacted services and their dependencies in the `changesWindowHours` before the incident (issue 16 item 9), newest first: ' +
      'the timeline’s `?at=<metrics.asOf>` `state.changes`',
  })
  changesBeforeIncident!: RelatedChangeDto[];
  @ApiProperty({ example: 24, description: 'How far before the incident’s start changes were looked for (`REVIEW_CHANGES_WINDOW_HOURS`)' }) changesWindowHours!: number;
  @ApiProperty({ type: [SectionDto] }) sections!: SectionDto[];
  @ApiProperty({ type: [ActionItemDto] }) actionItems!: ActionItemDto[];
}

export class ActionItemCreatedDto {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ format: 'uuid' }) actionItemId!: string;
}
