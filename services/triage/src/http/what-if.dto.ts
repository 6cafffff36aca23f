import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional } from 'class-validator';

export class WhatIfRequestDto {
  @ApiProperty({ format: 'date-time', description: 'Incidents detected at or after this time…' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ format: 'date-time', description: '…and before this one.' }) @IsISO8601({ strict: true }) to!: string;
  @ApiPropertyOptional({
    description: 'A proposed matrix, as `PUT /triage/priority-matrix` takes it (`{ cells }`); default: the current one.',
    example: { cells: [['P1', 'P1', 'P2', 'P3'], ['P1', 'P2', 'P3', 'P4'], ['P2', 'P3', 'P3', 'P4'], ['P3', 'P4', 'P5', 'P5']] },
  })
  @IsOptional()
  @IsObject()
  matrix?: { cells: unknown };
  @ApiPropertyOptional({ description: 'A proposed rule set, as `PUT /triage/routing-rules` takes it (`{ rules, defaultRoute }`); default: the current one.' })
  @IsOptional()
  @IsObject()
  routing?: { rules: unknown; defaultRoute: unknown };
}
