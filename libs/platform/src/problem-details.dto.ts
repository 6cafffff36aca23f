import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldError, ProblemDetails } from './problem-details';

/** OpenAPI shape of an error body, for `@ApiBadRequestResponse({ type: ProblemDetailsDto })` and friends. */
export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'members.0.contact.webhookUrl', description: 'Dotted path of the failing field in the body' })
  field!: string;
  @ApiProperty({ example: 'webhookUrl must be a URL address' })
  reason!: string;
}

export class ProblemDetailsDto implements ProblemDetails {
  @ApiProperty({ example: 'urn:linchpin:problem:validation-error' })
  type!: string;
  @ApiProperty({ example: 'Request validation failed' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiProperty({ example: 'members.0.contact.webhookUrl: webhookUrl must be a URL address' })
  detail!: string;
  @ApiProperty({ example: '/coordination/teams' })
  instance!: string;
  @ApiPropertyOptional({ description: 'Machine-readable code of a domain rule that refused the request', example: 'already_acknowledged' })
  code?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({ description: 'The request id, also in the `X-Request-Id` answer header and the log lines', example: '5f0c6f1e-1d2b-4c8e-9f3a-2b7d8e6a4c10' })
  requestId?: string;
}
