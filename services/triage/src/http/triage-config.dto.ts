import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  Equals,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ITIL_DEFAULT_MATRIX, PRIORITIES } from '../domain/priority-matrix';
import { NoControlChars, OpenApiSchema } from '@linchpin/platform';

const DEFAULT_CELLS = ITIL_DEFAULT_MATRIX.cells;

// What validateRuleSet checks by hand (after these decorators), stated for the document.
/** A team, label or policy name: non-blank, at most 256 characters. */
const NAME = { pattern: '\\S', maxLength: 256 };
/** A rule id: 1–64 letters, digits, `.`, `_` or `-`, starting with a letter or digit, not with `fallback-`. */
const RULE_ID = { pattern: '^(?!fallback-)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' };

const CELLS_SCHEMA = {
  type: 'array' as const,
  minItems: 4,
  maxItems: 4,
  items: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'string', enum: [...PRIORITIES] } },
};

const REASON = { maxLength: 500, description: 'Why this version: kept with it and shown in its history.' };
const BASED_ON = {
  minimum: 1,
  description: 'The version you edited. When given and another version has been published since, the change is refused (409 naming `basedOnVersion`).',
};

/** What every configuration change may say besides its content: why, and which version it edits. */
class VersionChangeDto {
  @ApiPropertyOptional(REASON)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional(BASED_ON)
  @IsOptional()
  @IsInt()
  @Min(1)
  basedOnVersion?: number;
}

export class PriorityMatrixChangeDto extends VersionChangeDto {
  @ApiProperty({
    ...CELLS_SCHEMA,
    description:
      '`cells[impact - 1][urgency - 1]`: 4 rows for ITIL impact 1 (extensive) … 4 (minor), each of 4 priorities for urgency 1 (critical) … 4 (low). ' +
      'Monotone: no cell may be more urgent than the cell above it or to its left (higher impact or urgency never lowers priority). ' +
      'Each failing cell is named as `cells.<row>.<column>` (0-based).',
    example: DEFAULT_CELLS,
  })
  // Shape, values and order are checked cell by cell after this, so each error names its cell.
  @IsArray()
  cells!: string[][];
}

class VersionInfoDto {
  @ApiProperty({ description: 'True for version 1, the built-in default (never stored).' }) builtIn!: boolean;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was published (null for the built-in version).' }) versionedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who published it: the actor of the token that did (`person:<id>`, `token:<id>`, `oidc:<sub>` or `admin`).' }) versionedBy!: string | null;
}

export class PriorityMatrixViewDto extends VersionInfoDto {
  @ApiProperty({ example: 'itil-default' }) id!: string;
  @ApiProperty({ example: 1, description: 'Each IncidentTriaged names the id and version it used.' }) version!: number;
  @ApiProperty({ ...CELLS_SCHEMA, example: DEFAULT_CELLS }) cells!: string[][];
}

export class PriorityMatrixChangedDto extends PriorityMatrixViewDto {
  @ApiProperty({ description: 'False when the cells were those of the current version: no new version was published.' }) changed!: boolean;
}

export class PriorityMatrixVersionsDto {
  @ApiProperty({ type: [PriorityMatrixViewDto], description: 'Oldest first; version 1 is the built-in default.' }) items!: PriorityMatrixViewDto[];
}

class RoutingConditionsDto {
  @ApiPropertyOptional({ type: [String], items: { type: 'string', ...NAME }, example: ['checkout', 'payments-api'], description: "The incident's service is one of these." })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @NoControlChars({ each: true })
  services?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { env: 'production' },
    description: 'The incident carries each of these labels with exactly this value.',
  })
  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ type: [String], items: { type: 'string', ...NAME }, example: ['grafana'], description: "The incident's source (its first sender) is one of these." })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  sources?: string[];

  @ApiPropertyOptional({
    maxLength: 500,
    pattern: NAME.pattern,
    example: 'database|db ',
    description: 'A regular expression found in the title, case-insensitive, on a linear-time engine (RE2): backreferences and lookaround are refused.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  text?: string;
}

@OpenApiSchema({ oneOf: ['team', 'teamFromLabel', 'teamFromCatalog', 'teamFromService'].map((source) => ({ required: [source] })) })
class RuleRouteDto {
  @ApiPropertyOptional({ ...NAME, description: 'A fixed team.', example: 'payments' })
  @IsOptional()
  @IsString()
  @NoControlChars()
  team?: string;

  @ApiPropertyOptional({ ...NAME, description: 'The team is the value of this label.', example: 'team' })
  @IsOptional()
  @IsString()
  teamFromLabel?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description: "Only `true`: the service catalog's owner of the incident's service (and the owner's escalation policy, unless this rule names one).",
  })
  @IsOptional()
  @Equals(true)
  teamFromCatalog?: true;

  @ApiPropertyOptional({ type: Boolean, description: "Only `true`: the team named like the incident's service (routing-default v1's convention)." })
  @IsOptional()
  @Equals(true)
  teamFromService?: true;

  @ApiPropertyOptional({ ...NAME, description: 'The escalation policy that pages for this route.', example: 'payments-critical' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  escalationPolicy?: string;
}

export class RoutingRuleDto {
  @ApiProperty({ ...RULE_ID, example: 'payments-db', description: 'Unique in the set; 1–64 letters, digits, `.`, `_` or `-`; not starting with `fallback-`.' })
  @IsString()
  @NoControlChars()
  id!: string;

  @ApiPropertyOptional({ example: 'database alerts of the payment services go to the DBAs' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ type: RoutingConditionsDto, description: 'Every condition given must hold; `{}` matches every incident.' })
  @IsObject()
  @ValidateNested()
  @Type(() => RoutingConditionsDto)
  when!: RoutingConditionsDto;

  @ApiProperty({
    type: RuleRouteDto,
    description:
      'Exactly one of `team`, `teamFromLabel`, `teamFromCatalog`, `teamFromService`, plus an optional `escalationPolicy`. ' +
      'When the source gives no team (label missing, service not in the catalog), the rule does not apply and the next is tried.',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => RuleRouteDto)
  route!: RuleRouteDto;
}

export class DefaultRouteDto {
  @ApiProperty({ ...NAME, example: 'operations' })
  @IsString()
  @NoControlChars()
  team!: string;

  @ApiPropertyOptional({ ...NAME, example: 'operations-default' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  escalationPolicy?: string;
}

const RULES_EXAMPLE = [
  { id: 'team-label', description: 'the alert names its team in label "team"', when: {}, route: { teamFromLabel: 'team' } },
  {
    id: 'payments-db',
    description: 'database alerts of the payment services go to the DBAs',
    when: { services: ['payments-api', 'payments-db'], labels: { env: 'production' }, text: 'database|db ' },
    route: { team: 'dba', escalationPolicy: 'dba-critical' },
  },
  { id: 'catalog-owner', description: "the service catalog's owner", when: {}, route: { teamFromCatalog: true } },
];

export class RoutingRulesChangeDto extends VersionChangeDto {
  @ApiProperty({
    type: [RoutingRuleDto],
    maxItems: 200,
    example: RULES_EXAMPLE,
    description: 'Tried in order; the first that applies routes the incident. Each failing field is named as `rules.<index>.<field>`.',
  })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleDto)
  rules!: RoutingRuleDto[];

  @ApiProperty({ type: DefaultRouteDto, description: 'Where an incident goes when no rule applies.' })
  @IsObject()
  @ValidateNested()
  @Type(() => DefaultRouteDto)
  defaultRoute!: DefaultRouteDto;
}

export class RoutingRulesViewDto extends VersionInfoDto {
  @ApiProperty({ example: 'routing-default' }) id!: string;
  @ApiProperty({ example: 1, description: 'Each IncidentTriaged names the rule (`<set>/<rule>`) and this version.' }) version!: number;
  @ApiProperty({ type: [RoutingRuleDto] }) rules!: RoutingRuleDto[];
  @ApiProperty({ type: DefaultRouteDto, description: 'Reported as rule `<set>/fallback-<team>`.' }) defaultRoute!: DefaultRouteDto;
}

export class RoutingRulesChangedDto extends RoutingRulesViewDto {
  @ApiProperty({ description: 'False when the rules were those of the current version: no new version was published.' }) changed!: boolean;
  @ApiProperty({
    type: [String],
    description:
      'Teams the current version names that coordination has not created (as triage last heard from it): the default route\'s team, and fixed ' +
      'teams of rules. The version is published all the same (the team may be created next), but an incident routed there pages nobody until it exists.',
  })
  warnings!: string[];
}

export class RoutingRulesVersionsDto {
  @ApiProperty({ type: [RoutingRulesViewDto], description: 'Oldest first; version 1 is the built-in default.' }) items!: RoutingRulesViewDto[];
}
