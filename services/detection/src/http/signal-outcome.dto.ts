import { ApiProperty } from '@nestjs/swagger';

const OUTCOMES = ['opened', 'grouped', 'deduplicated', 'resolved', 'acknowledged', 'suppressed', 'flapping', 'ignored'];

export class SignalOutcomeDto {
  @ApiProperty({ format: 'uuid', description: 'The recorded signal (SignalReceived).' }) signalId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The alert it counts toward; null when it matched nothing firing.' }) alertId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The incident; null while suppressed or when nothing fires.' }) incidentId!: string | null;
  @ApiProperty() fingerprint!: string;
  @ApiProperty({ enum: OUTCOMES }) outcome!: string;
  @ApiProperty({ description: 'Why, in one sentence (also at GET /detection/alerts/{alertId}/explain).' }) reason!: string;
}

export class SignalsAcceptedDto {
  @ApiProperty({ description: 'Signals in the payload, each recorded.' }) received!: number;
  @ApiProperty({ type: [SignalOutcomeDto] }) results!: SignalOutcomeDto[];
}
