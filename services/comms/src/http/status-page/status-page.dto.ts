import { ApiProperty } from '@nestjs/swagger';
import { COMPONENT_STATUSES } from '../../domain/status-page/component-status';

const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];
const IMPACTS = ['none', 'minor', 'major', 'critical'];

export class StatusIndicatorDto {
  @ApiProperty({ enum: ['none', 'minor', 'major', 'critical', 'maintenance'], description: "The worst component's, as Statuspage's `status.indicator`" })
  indicator!: string;

  @ApiProperty({ example: 'Partial System Outage' })
  description!: string;
}

export class StatusComponentDto {
  @ApiProperty({ example: 'Checkout', description: "A service of triage's catalog (its display name, else its name) or one an incident named (triage's `service`)" })
  name!: string;

  @ApiProperty({
    enum: COMPONENT_STATUSES,
    description:
      'The worst of its open incidents: P1 major outage, P2 partial outage, P3 degraded performance, P4/P5 operational; mitigated at most degraded. ' +
      'None worse than operational: under maintenance while a maintenance window naming the service is in force, else operational',
  })
  status!: string;
}

export class ScheduledMaintenanceDto {
  @ApiProperty({ format: 'uuid', description: "The maintenance window's id" })
  id!: string;

  @ApiProperty({ example: 'Scheduled maintenance of Checkout', description: "Built from the components it covers (the window's own name is internal)" })
  name!: string;

  @ApiProperty({ enum: ['scheduled', 'in_progress'], description: '`in_progress` between its start and end' })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  scheduledFor!: string;

  @ApiProperty({ format: 'date-time' })
  scheduledUntil!: string;

  @ApiProperty({ type: [String], example: ['Checkout'], description: 'The components it covers, by name' })
  components!: string[];
}

export class PublicUpdateDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: UPDATE_STATUSES })
  status!: string;

  @ApiProperty({ example: 'Payments are failing for some customers; we are rolling back.' })
  body!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class PublicIncidentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Partial outage of checkout', description: "Built from the component and the impact (an incident's own title comes from alerts and is not published)" })
  name!: string;

  @ApiProperty({ enum: UPDATE_STATUSES, description: 'The latest public update\'s status; `resolved` once coordination resolved it; else `monitoring` when mitigated, `investigating` otherwise' })
  status!: string;

  @ApiProperty({ enum: IMPACTS, description: 'P1 critical, P2 major, P3 minor, P4/P5 none' })
  impact!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The component it affects (as `components` names it), or null when triage named no service' })
  component!: string | null;

  @ApiProperty({ enum: COMPONENT_STATUSES, description: 'What it does to its component now' })
  componentStatus!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt!: string | null;

  @ApiProperty({ type: [PublicUpdateDto], description: 'Public updates only, newest first, at most 20' })
  updates!: PublicUpdateDto[];
}

export class StatusPageDto {
  @ApiProperty({ format: 'date-time', description: 'When this answer was made' })
  updatedAt!: string;

  @ApiProperty({ type: StatusIndicatorDto })
  status!: StatusIndicatorDto;

  @ApiProperty({ type: [StatusComponentDto], description: 'By name, at most 100' })
  components!: StatusComponentDto[];

  @ApiProperty({ type: [PublicIncidentDto], description: 'Open incidents, newest first, at most 50' })
  incidents!: PublicIncidentDto[];

  @ApiProperty({ type: [PublicIncidentDto], description: 'Incidents resolved in the last `historyDays` days, latest resolution first, at most 100' })
  history!: PublicIncidentDto[];

  @ApiProperty({ example: 90 })
  historyDays!: number;

  @ApiProperty({
    type: [ScheduledMaintenanceDto],
    description: "Maintenance windows not over nor cancelled that cover a component (Statuspage's `scheduled_maintenances`), soonest first, at most 50",
  })
  scheduledMaintenances!: ScheduledMaintenanceDto[];
}
