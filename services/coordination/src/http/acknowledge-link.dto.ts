import { ApiProperty } from '@nestjs/swagger';
import { LIFECYCLE } from '../domain/response-state';

/** GET of a page's acknowledge link: what a POST to it would do. */
export class AcknowledgeLinkPreviewDto {
  @ApiProperty({ enum: ['acknowledge'] }) action!: 'acknowledge';
  @ApiProperty({ enum: ['POST'], description: 'How to follow the link: POST the same URL (no body, no token)' }) method!: 'POST';
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ enum: LIFECYCLE }) status!: string;
  @ApiProperty({ format: 'uuid', description: 'The person the page went to: the link acknowledges as them' }) personId!: string;
  @ApiProperty({ type: String, nullable: true, description: "The person's name, as paged" }) person!: string | null;
  @ApiProperty({ example: 'person:0b0e3c52-1111-4222-8333-944445555666', description: 'The actor the acknowledgement would record' }) actor!: string;
  @ApiProperty({ description: 'False when a POST would be refused with 409: already acknowledged, or resolved' }) wouldAcknowledge!: boolean;
  @ApiProperty({ type: String, nullable: true }) acknowledgedBy!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the link stops working' }) expiresAt!: string;
}
