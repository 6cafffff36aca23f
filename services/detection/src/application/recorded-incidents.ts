import { Injectable } from '@nestjs/common';

/**
 * Incidents whose IncidentDetected this process has just appended. The repairing reactor skips
 * them instead of reading the stream back to find the event there; after a restart the set is
 * empty and the reactor reads, as it must.
 */
@Injectable()
export class RecordedIncidents {
  private readonly ids = new Set<string>();
  private readonly capacity = 10_000;

  add(incidentId: string): void {
    this.ids.add(incidentId);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }

  has(incidentId: string): boolean {
    return this.ids.has(incidentId);
  }
}
