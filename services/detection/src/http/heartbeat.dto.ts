import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

export class HeartbeatSettingsDto {
  @ApiProperty({ example: 5, description: 'A beat is expected at least this often (minutes, 1 to 10080).' })
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  intervalMinutes!: number;

  @ApiPropertyOptional({ example: 1, default: 1, description: 'Slack after the interval before the beat counts as missed (minutes, 0 to 1440).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  graceMinutes?: number;

  @ApiPropertyOptional({ enum: SEVERITIES, default: 'critical', description: "The severity of the alert a missed heartbeat opens." })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: (typeof SEVERITIES)[number];
}

export class HeartbeatViewDto {
  @ApiProperty({ format: 'uuid' }) integrationId!: string;
  @ApiProperty({ enum: ['disabled', 'up', 'missed'] }) status!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The last beat that moved the deadline.' }) lastBeatAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The deadline; while missed, the one that passed.' }) expectedBy!: string | null;
}
