import { ApiProperty } from '@nestjs/swagger';

/** The war room's blocks of `GET /coordination/incidents/{id}` (issue 13), composed from coordination's read models. */

export class WarRoomPersonDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() name!: string;
}

export class WarRoomTaskDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['open', 'in_progress', 'done', 'cancelled'] }) status!: string;
  @ApiProperty({ nullable: true, type: WarRoomPersonDto, description: 'The assignee and their name when assigned' }) assignee!: WarRoomPersonDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) dueAt!: string | null;
  @ApiProperty({ description: 'True once the current due time passed with the task unfinished' }) overdue!: boolean;
}

export class WarRoomTimerDto {
  @ApiProperty({ format: 'uuid' }) timerId!: string;
  @ApiProperty({ enum: ['response', 'sla', 'task'], description: 'Whose stream holds the timer: the response (escalation, notification rules, snooze), the SLA clocks, or a task' })
  owner!: string;
  @ApiProperty({ example: 'response-6f1c…', description: 'The stream the timer is a fact of' }) streamId!: string;
  @ApiProperty({ example: 'escalation', description: '`escalation`, `acknowledgement-timeout`, `notification-rule`, `snooze`, `sla`, `task-due`' }) purpose!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ example: 'pages level 2 of policy "payments primary" v1 unless someone acknowledges first', description: 'What it will do when due, unless a fact makes it moot first' })
  action!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The task whose due time it is (owner `task`)' }) taskId!: string | null;
}
