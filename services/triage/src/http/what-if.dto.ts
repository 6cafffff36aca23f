import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { PriorityMatrixChangeDto, RoutingRulesChangeDto } from './triage-config.dto';

/** A proposed matrix: the `cells` of `PUT /triage/priority-matrix`, checked the same way. */
export class WhatIfMatrixDto extends PickType(PriorityMatrixChangeDto, ['cells'] as const) {}

/** A proposed rule set: the `rules` and `defaultRoute` of `PUT /triage/routing-rules`, checked the same way. */
export class WhatIfRoutingDto extends PickType(RoutingRulesChangeDto, ['rules', 'defaultRoute'] as const) {}

export class WhatIfRequestDto {
  @ApiProperty({ format: 'date-time', description: 'Incidents detected at or after this time…' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ format: 'date-time', description: '…and before this one.' }) @IsISO8601({ strict: true }) to!: string;
  @ApiPropertyOptional({ type: WhatIfMatrixDto, description: 'A proposed matrix, as `PUT /triage/priority-matrix` takes it (`{ cells }`); default: the current one.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WhatIfMatrixDto)
  matrix?: WhatIfMatrixDto;
  @ApiPropertyOptional({ type: WhatIfRoutingDto, description: 'A proposed rule set, as `PUT /triage/routing-rules` takes it (`{ rules, defaultRoute }`); default: the current one.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WhatIfRoutingDto)
  routing?: WhatIfRoutingDto;
}
