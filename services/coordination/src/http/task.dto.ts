import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import { IsInstant } from './schedule.dto';
import { IsNotBlank, NoControlChars, OpenApiSchema } from '@linchpin/platform';

// A runbook link is only shown to people, never fetched by Linchpin: an http(s) URL, not the outbound guard's business.
const RUNBOOK_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const RUNBOOK_URL_MESSAGE = { message: '$property must be an http(s) URL' };
const MAX_TITLE = 200;
const MAX_INSTRUCTIONS = 10_000;
const MAX_URL = 2048;

export class CreateTaskDto {
  @ApiProperty({ example: 'Roll back release 42', maxLength: MAX_TITLE })
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_TITLE)
  @NoControlChars()
  title!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A known, active person (400 naming `assignee` otherwise)' })
  @IsOptional()
  @IsUUID('all', { message: '$property must be a person id (UUID)' })
  assignee?: string;

  @ApiPropertyOptional({ example: 'kubectl rollout undo deploy/checkout', maxLength: MAX_INSTRUCTIONS })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_INSTRUCTIONS)
  instructions?: string;

  @ApiPropertyOptional({ example: 'https://wiki.example.com/runbooks/checkout-rollback', description: 'Shown to people, never fetched' })
  @IsOptional()
  @IsUrl(RUNBOOK_URL, RUNBOOK_URL_MESSAGE)
  @MaxLength(MAX_URL)
  runbookUrl?: string;

  @ApiPropertyOptional({ example: '2026-03-03T10:00:00Z', description: 'When it is due; passing it unfinished records `TaskOverdue` once' })
  @IsOptional()
  @IsString()
  @IsInstant()
  dueAt?: string;
}

/** Only what is named changes (at least one); `null` clears instructions, runbookUrl or dueAt. */
@OpenApiSchema({ minProperties: 1 })
export class UpdateTaskDto {
  @ApiPropertyOptional({ maxLength: MAX_TITLE })
  @ValidateIf((dto: UpdateTaskDto) => dto.title !== undefined)
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_TITLE)
  @NoControlChars()
  title?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Hand the task to another known, active person' })
  @ValidateIf((dto: UpdateTaskDto) => dto.assignee !== undefined)
  @IsUUID('all', { message: '$property must be a person id (UUID)' })
  assignee?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_INSTRUCTIONS })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_INSTRUCTIONS)
  instructions?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsUrl(RUNBOOK_URL, RUNBOOK_URL_MESSAGE)
  @MaxLength(MAX_URL)
  runbookUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-03-03T11:00:00Z', description: 'A moved due time cancels the old deadline and sets a new one' })
  @IsOptional()
  @IsString()
  @IsInstant()
  dueAt?: string | null;
}

export class CancelTaskDto {
  @ApiPropertyOptional({ example: 'not needed: the rollback fixed it', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

export class TaskCreatedDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
}

export class TaskAssigneeDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ description: "The person's name when the task was given to them" }) name!: string;
}

const STATUSES = ['open', 'in_progress', 'done', 'cancelled'];

export class TaskViewDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ type: TaskAssigneeDto, nullable: true }) assignee!: TaskAssigneeDto | null;
  @ApiProperty({ type: String, nullable: true }) instructions!: string | null;
  @ApiProperty({ type: String, nullable: true }) runbookUrl!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) dueAt!: string | null;
  @ApiProperty({ description: 'The current due time passed with the task unfinished' }) overdue!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) overdueAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'The actor who created it' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cancelledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
}

export class TaskListDto {
  @ApiProperty({ type: [TaskViewDto], description: 'In the order they were created' }) items!: TaskViewDto[];
}

