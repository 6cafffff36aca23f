import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEmail, IsIn, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsNotBlank, OpenApiSchema, OutboundUrl } from '@linchpin/platform';
import { PHASES, PRIORITIES, SUBSCRIBABLE_AUDIENCES, SUBSCRIPTION_CHANNELS } from '../../domain/subscriptions/subscription';

/** A service or team name: what triage and coordination name them by. */
const NAME = /^[^\u0000-\u001f\u007f]+$/;

const WEBHOOK_URL = {
  example: 'https://status.example.com/hooks/linchpin',
  description:
    'For `webhook`, `slack` and `teams`: the http(s) URL that receives each update (a signed JSON POST, a Slack Block Kit message, a Teams Adaptive Card). ' +
    'Refused: credentials in the URL (user:pass@, ?token=…) and loopback, private, link-local (metadata) or unspecified addresses unless OUTBOUND_ALLOW_CIDRS allows them',
};
const EMAIL = { example: 'cto@example.com', description: 'For `email`: the address that gets each update (plain text and HTML, over SMTP_URL)' };
const FILTERS = {
  incidentId: { format: 'uuid', description: 'Only this incident' },
  service: { example: 'checkout', description: "Only incidents of this service (as triage names it)" },
  team: { example: 'payments', description: "Only incidents of this team (its name or id, as coordination holds the incident's team)" },
  minPriority: { enum: PRIORITIES, description: 'Only incidents of this priority or a more urgent one: `P2` hears P1 and P2' },
} as const;
const AUDIENCES = {
  enum: SUBSCRIBABLE_AUDIENCES,
  isArray: true,
  description: 'Which updates: `internal`, `public` or both (default both). `responders` updates go to the responders paged, never to subscriptions.',
} as const;
const PHASES_DOC = { enum: PHASES, isArray: true, description: 'Which phases (default all): e.g. `["resolved"]` to hear only that an incident is over' } as const;

/** How a subscriber wants to hear, on the subscription's channel: the same fields when subscribing and when changing it. */
class SubscriptionPreferencesDto {
  @ApiPropertyOptional({ ...AUDIENCES, minItems: 1, maxItems: 2, uniqueItems: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_AUDIENCES, { each: true })
  audiences?: (typeof SUBSCRIBABLE_AUDIENCES)[number][];

  @ApiPropertyOptional({ ...PHASES_DOC, minItems: 1, maxItems: 4, uniqueItems: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(PHASES, { each: true })
  phases?: (typeof PHASES)[number][];
}

/*
 * The channel decides the address and the secret: a webhook needs `webhookUrl` and `secret`; Slack and Teams
 * need `webhookUrl` (a secret is optional: they do not check signatures); email needs `email` and takes no secret.
 */
@OpenApiSchema({
  oneOf: [
    { properties: { channel: { enum: ['webhook'] } }, required: ['webhookUrl', 'secret'], not: { required: ['email'] } },
    { properties: { channel: { enum: ['slack', 'teams'] } }, required: ['channel', 'webhookUrl'], not: { required: ['email'] } },
    { properties: { channel: { enum: ['email'] } }, required: ['channel', 'email'], not: { anyOf: [{ required: ['webhookUrl'] }, { required: ['secret'] }] } },
  ],
})
export class CreateSubscriptionDto extends SubscriptionPreferencesDto {
  @ApiPropertyOptional({ enum: SUBSCRIPTION_CHANNELS, default: 'webhook', description: 'How updates reach the subscriber' })
  @IsOptional()
  @IsIn(SUBSCRIPTION_CHANNELS)
  channel?: (typeof SUBSCRIPTION_CHANNELS)[number];

  @ApiPropertyOptional(WEBHOOK_URL)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @OutboundUrl()
  webhookUrl?: string;

  @ApiPropertyOptional(EMAIL)
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ minLength: 16, maxLength: 256, writeOnly: true, description: 'Signs what is sent (Linchpin-Signature); required for `webhook`, optional for `slack` and `teams`, refused for `email`. Never returned by any read' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secret?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The person subscribing, when a person rather than a system (coordination\'s person id)' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional(FILTERS.incidentId)
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional(FILTERS.service)
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  @Matches(NAME, { message: 'service must have no control characters' })
  service?: string;

  @ApiPropertyOptional(FILTERS.team)
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  @Matches(NAME, { message: 'team must have no control characters' })
  team?: string;

  @ApiPropertyOptional(FILTERS.minPriority)
  @IsOptional()
  @IsIn(PRIORITIES)
  minPriority?: (typeof PRIORITIES)[number];
}

/** The rules across fields the decorators cannot say: the address the channel takes, and the secret (each error names its field). */
export function channelErrors(body: Pick<CreateSubscriptionDto, 'channel' | 'webhookUrl' | 'email' | 'secret'>): { field: string; reason: string }[] {
  if (body.channel === 'email') {
    return [
      ...(body.email === undefined ? [{ field: 'email', reason: 'is required for an email subscription' }] : []),
      ...(body.webhookUrl !== undefined ? [{ field: 'webhookUrl', reason: 'is not used by an email subscription (send `email`)' }] : []),
      ...(body.secret !== undefined ? [{ field: 'secret', reason: 'is not used by an email subscription (email is not signed)' }] : []),
    ];
  }
  const channel = body.channel ?? 'webhook';
  return [
    ...(body.webhookUrl === undefined ? [{ field: 'webhookUrl', reason: `is required for a ${channel} subscription` }] : []),
    ...(body.email !== undefined ? [{ field: 'email', reason: `is only for channel email (this one is ${channel})` }] : []),
    ...(channel === 'webhook' && body.secret === undefined ? [{ field: 'secret', reason: 'is required for a webhook subscription: its receiver verifies Linchpin-Signature with it' }] : []),
  ];
}

/** Changes what a subscription hears: a field given replaces it (null clears a filter); a field left out stays. */
export class ChangeSubscriptionDto extends SubscriptionPreferencesDto {
  @ApiPropertyOptional({ ...FILTERS.incidentId, nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  incidentId?: string | null;

  @ApiPropertyOptional({ ...FILTERS.service, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  @Matches(NAME, { message: 'service must have no control characters' })
  service?: string | null;

  @ApiPropertyOptional({ ...FILTERS.team, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  @Matches(NAME, { message: 'team must have no control characters' })
  team?: string | null;

  @ApiPropertyOptional({ enum: PRIORITIES, nullable: true, description: FILTERS.minPriority.description })
  @IsOptional()
  @IsIn(PRIORITIES)
  minPriority?: (typeof PRIORITIES)[number] | null;
}

export class SubscriptionCreatedDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ description: 'The signed link that cancels it without credentials (`POST`; every message sent carries one too)' }) unsubscribeUrl!: string;
}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ enum: ['active'], description: 'A cancelled subscription is gone: 404' }) status!: string;
  @ApiProperty({ enum: SUBSCRIPTION_CHANNELS }) channel!: string;
  @ApiProperty({ nullable: true, type: String, description: 'For http channels, without credentials' }) webhookUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) personId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) incidentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) service!: string | null;
  @ApiProperty({ nullable: true, type: String }) team!: string | null;
  @ApiProperty({ nullable: true, enum: PRIORITIES }) minPriority!: string | null;
  @ApiProperty({ enum: SUBSCRIBABLE_AUDIENCES, isArray: true }) audiences!: string[];
  @ApiProperty({ enum: PHASES, isArray: true }) phases!: string[];
}

export class SubscriptionsDto {
  @ApiProperty({ type: [SubscriptionDto], description: 'Oldest first' }) items!: SubscriptionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null at the end' }) nextCursor!: string | null;
}

export class UnsubscribeLinkPreviewDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ enum: ['active', 'cancelled'] }) status!: string;
  @ApiProperty({ enum: SUBSCRIPTION_CHANNELS }) channel!: string;
  @ApiProperty({ description: 'What it hears, in words' }) hears!: string;
  @ApiProperty({ description: 'Whether a POST to the link would cancel it' }) wouldCancel!: boolean;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class UnsubscribedDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ enum: ['cancelled'] }) status!: string;
  @ApiProperty({ description: 'False when it was cancelled already (the link followed again)' }) changed!: boolean;
}
