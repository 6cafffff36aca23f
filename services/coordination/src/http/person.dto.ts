import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  isEmail,
  isInt,
  isURL,
  isUUID,
} from 'class-validator';
import { NoControlChars, OpenApiSchema } from '@linchpin/platform';
import { CONTACT_KINDS, ContactKind } from '../domain/person.decider';

const KINDS = CONTACT_KINDS;

/** An address fits its kind: an email address for email, an http(s) URL otherwise (the outbound guard checks it then). */
@ValidatorConstraint({ name: 'addressForKind' })
class AddressForKind implements ValidatorConstraintInterface {
  validate(address: unknown, args: ValidationArguments): boolean {
    if (typeof address !== 'string') return false;
    return (args.object as ContactMethodDto).kind === 'email' ? isEmail(address) : isURL(address, { protocols: ['http', 'https'], require_protocol: true, require_tld: false });
  }
  defaultMessage(args: ValidationArguments): string {
    return (args.object as ContactMethodDto).kind === 'email'
      ? 'address must be an email address for an email contact method'
      : `address must be an http(s) URL for a ${(args.object as ContactMethodDto).kind} contact method`;
  }
}

/** A rule's contact method: an index from 0, or a uuid. */
@ValidatorConstraint({ name: 'contactMethodRef' })
class ContactMethodRef implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (isInt(value) && (value as number) >= 0) || (typeof value === 'string' && isUUID(value));
  }
  defaultMessage(): string {
    return 'contactMethod must be an index in contactMethods (an integer from 0) or a contact method id';
  }
}

@OpenApiSchema({
  oneOf: [
    { properties: { kind: { enum: ['email'] }, address: { format: 'email' } } },
    { properties: { kind: { enum: KINDS.filter((kind) => kind !== 'email') }, address: { format: 'uri', pattern: '^https?://' } } },
  ],
})
export class ContactMethodDto {
  @ApiPropertyOptional({ format: 'uuid', description: "On PUT: pass a contact method's id back to keep it (rules and pages name it); omit for a new one" })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({
    enum: KINDS,
    description:
      '`webhook`: a signed JSON POST; `slack`: a Slack incoming webhook; `teams`: a Microsoft Teams (or Power Automate) webhook, sent an Adaptive Card; `email`: a mail over SMTP_URL, text and HTML (while SMTP_URL is unset a page to it fails at once, loudly, and escalation moves on)',
  })
  @IsIn(KINDS)
  kind!: ContactKind;

  @ApiProperty({
    example: 'https://hooks.example.com/alice',
    description:
      'An http(s) URL for webhook, slack and teams (refused like team webhooks: credentials in the URL, loopback, private, link-local or metadata addresses unless OUTBOUND_ALLOW_CIDRS allows them), an email address for email',
  })
  @IsString()
  @MaxLength(2000)
  @Validate(AddressForKind)
  address!: string;

  @ApiPropertyOptional({ example: 'phone' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NoControlChars()
  label?: string;
}

export class NotificationRuleDto {
  @ApiProperty({
    oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', format: 'uuid' }],
    example: 0,
    description: 'The contact method: its index in `contactMethods` (from 0), or its id',
  })
  @Validate(ContactMethodRef)
  contactMethod!: number | string;

  @ApiProperty({ example: 0, minimum: 0, description: 'Minutes after an unacknowledged page; the rules at 0 are used at once' })
  @IsInt()
  @Min(0)
  afterMinutes!: number;
}

export class PersonDto {
  @ApiProperty({ example: 'Alice Martin' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  @NoControlChars()
  name!: string;

  @ApiPropertyOptional({ example: 'alice@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: 'Europe/Paris', default: 'UTC', description: 'IANA time zone' })
  @IsOptional()
  @IsTimeZone({ message: 'timeZone must be an IANA time zone, e.g. Europe/Paris' })
  timeZone?: string;

  @ApiProperty({ type: [ContactMethodDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ContactMethodDto)
  contactMethods!: ContactMethodDto[];

  @ApiPropertyOptional({ type: [NotificationRuleDto], description: 'Default: every contact method at 0 minutes' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => NotificationRuleDto)
  notificationRules?: NotificationRuleDto[];
}

export class ContactMethodRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: KINDS }) kind!: string;
}

export class PersonSavedDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: [ContactMethodRefDto], description: 'The id each contact method got, in the order given' }) contactMethods!: ContactMethodRefDto[];
}

class StoredContactMethodDto extends ContactMethodRefDto {
  @ApiProperty() address!: string;
  @ApiPropertyOptional() label?: string;
}

class StoredRuleDto {
  @ApiProperty({ format: 'uuid' }) contactMethodId!: string;
  @ApiProperty() afterMinutes!: number;
}

export class PersonViewDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ['active', 'retired'] }) status!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: [StoredContactMethodDto] }) contactMethods!: StoredContactMethodDto[];
  @ApiProperty({ type: [StoredRuleDto] }) notificationRules!: StoredRuleDto[];
}

export class PersonPageDto {
  @ApiProperty({ type: [PersonViewDto] }) items!: PersonViewDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null at the end' }) nextCursor!: string | null;
}

/**
 * Webhook, slack and teams addresses go through the outbound guard, as team webhooks do (`@OutboundUrl`
 * cannot say "only for these kinds"): one error per refused address, named as the body names it.
 */
export const refusedAddresses = (contactMethods: readonly ContactMethodDto[], refusalOf: (url: string) => string | undefined): { field: string; reason: string }[] =>
  contactMethods.flatMap((c, i) => {
    const reason = c.kind === 'email' ? undefined : refusalOf(c.address);
    return reason ? [{ field: `contactMethods.${i}.address`, reason }] : [];
  });
