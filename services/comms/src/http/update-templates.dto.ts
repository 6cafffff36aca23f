import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { OpenApiSchema } from '@linchpin/platform';
import { BUILT_IN_UPDATE_TEMPLATES, TEMPLATE_MAX_LENGTH, TEMPLATE_VARIABLES } from '../domain/update-templates/update-templates';

// What validateTemplates refuses before compiling, said in the schema so that clients know before sending: a blank text
// (JavaScript's trim() set) and a NUL character (Handlebars cannot read one: "does not compile").
const NOT_BLANK = String.raw`[^\u0000\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]`;
const TEXT = { type: 'string' as const, minLength: 1, maxLength: TEMPLATE_MAX_LENGTH, pattern: String.raw`^[^\u0000]*` + NOT_BLANK + String.raw`[^\u0000]*$` };

// Checked by validateTemplates (not by decorators), so each error names its field.
@OpenApiSchema({ additionalProperties: false })
class PriorityOverridesDto {
  @ApiPropertyOptional(TEXT) P1?: string;
  @ApiPropertyOptional(TEXT) P2?: string;
  @ApiPropertyOptional(TEXT) P3?: string;
  @ApiPropertyOptional(TEXT) P4?: string;
  @ApiPropertyOptional(TEXT) P5?: string;
}

@OpenApiSchema({ additionalProperties: false })
class PhaseTemplateDto {
  @ApiProperty({ ...TEXT, description: "The phase's template" }) message!: string;
  @ApiPropertyOptional({ type: PriorityOverridesDto, nullable: true, description: 'Templates for some priorities instead of `message`' }) priorities?: PriorityOverridesDto;
}

@OpenApiSchema({ additionalProperties: false })
class UpdateTemplateTableDto {
  @ApiProperty({ type: PhaseTemplateDto }) investigating!: PhaseTemplateDto;
  @ApiProperty({ type: PhaseTemplateDto }) identified!: PhaseTemplateDto;
  @ApiProperty({ type: PhaseTemplateDto }) monitoring!: PhaseTemplateDto;
  @ApiProperty({ type: PhaseTemplateDto }) resolved!: PhaseTemplateDto;
}

export class UpdateTemplatesChangeDto {
  @ApiProperty({
    type: UpdateTemplateTableDto,
    example: BUILT_IN_UPDATE_TEMPLATES,
    description:
      `A template for each of the four phases, handlebars text (rendered as plain text, nothing escaped), with optional per-priority overrides. ` +
      `Variables: ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}; blocks: {{#if <variable>}} and {{#unless <variable>}} (with {{else}}). ` +
      '`{{title}}` is the title triage gave the incident (from its alerts: it may name hosts or customers), empty until triage decided. ' +
      'Anything else (another variable, a helper, a partial) or a template that does not compile is a 400 naming the field (`templates.identified.priorities.P1`).',
  })
  // Checked field by field after this, so each error names its field.
  @IsObject()
  templates!: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why this version: kept with it and shown in its history.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The version you edited: when another has been published since, 409 `update_templates_stale` naming `basedOnVersion`.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  basedOnVersion?: number;
}

export class UpdateTemplatesViewDto {
  @ApiProperty({ example: 'default' }) templatesId!: string;
  @ApiProperty({ example: 1, description: 'An update rendered from a template names this version (`template.version`).' }) version!: number;
  @ApiProperty({ type: UpdateTemplateTableDto, example: BUILT_IN_UPDATE_TEMPLATES }) templates!: UpdateTemplateTableDto;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Null for the built-in version 1' }) versionedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) versionedBy!: string | null;
  @ApiProperty({ description: 'True for version 1, the built-in templates (never stored)' }) builtIn!: boolean;
}

export class UpdateTemplatesChangedDto extends UpdateTemplatesViewDto {
  @ApiProperty({ description: 'False when the templates sent were the current ones: no version published' }) changed!: boolean;
}

export class UpdateTemplateVersionsDto {
  @ApiProperty({ type: [UpdateTemplatesViewDto] }) items!: UpdateTemplatesViewDto[];
}
