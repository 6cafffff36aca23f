import { catalogue, definitionOf, upcast } from './catalogue';
import { eventContracts } from './event-contracts';
import { ServiceRegistered } from './events/service-registered';
import { ServiceUpdated } from './events/service-updated';
import { ServiceRetired } from './events/service-retired';
import { MaintenanceWindowScheduled } from './events/maintenance-window-scheduled';
import { MaintenanceWindowCancelled } from './events/maintenance-window-cancelled';

/**
 * Issue 15: triage's service catalog and detection's maintenance windows were private events before they were
 * published. Stores hold them already, so the published contracts keep their type, version and shape: these
 * bodies are written as triage and detection stored them, and must still validate, pass the consumers' contract
 * check and come out of the upcaster chain unchanged.
 */
const envelope = (type: string, streamId: string, data: unknown) => ({
  id: '9b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
  type,
  schemaVersion: 1,
  data,
  // A configuration change: no incident.
  metadata: { correlationId: 'req-1', causationId: 'req-1', actor: 'admin', occurredAt: '2026-03-01T10:00:00.000Z' },
  streamId,
  revision: 0,
  position: 7,
  recordedAt: '2026-03-01T10:00:00.000Z',
});

const storedService = {
  name: 'checkout',
  displayName: 'Checkout',
  tier: 1,
  owningTeam: 'payments',
  escalationPolicy: 'payments-primary',
  businessHours: { timezone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '24:00' },
  dependsOn: ['payments-db'],
  version: 1,
};
const storedWindow = {
  windowId: '1b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10',
  name: 'db upgrade',
  startsAt: '2026-03-03T00:00:00.000Z',
  endsAt: '2026-03-03T02:00:00.000Z',
  services: ['checkout'],
  labels: { env: 'prod' },
};

describe('the service catalog and maintenance windows as published contracts', () => {
  it.each([
    ['ServiceRegistered', 'service-checkout', storedService],
    ['ServiceRegistered', 'service-ledger', { name: 'ledger', tier: 3, owningTeam: 'finance', dependsOn: [], version: 4 }],
    ['ServiceUpdated', 'service-checkout', { ...storedService, version: 2 }],
    ['ServiceRetired', 'service-checkout', { name: 'checkout', version: 3 }],
    ['MaintenanceWindowScheduled', `maintenance-${storedWindow.windowId}`, storedWindow],
    ['MaintenanceWindowScheduled', `maintenance-${storedWindow.windowId}`, { ...storedWindow, services: [], labels: { team: 'db' } }],
    ['MaintenanceWindowCancelled', `maintenance-${storedWindow.windowId}`, { windowId: storedWindow.windowId }],
  ])('a stored %s (v1) is valid, passes the consumers’ check and is raised to itself', (type, streamId, data) => {
    const event = envelope(type, streamId, data);
    expect(definitionOf(type, 1)?.validate(data)).toEqual([]);
    expect(eventContracts.check(event)).toEqual({ kind: 'valid' });
    expect(upcast(event)).toEqual(event);
  });

  it('keeps the stored type names and versions, each the newest of its type, triage’s and detection’s', () => {
    const owned = (type: string) => catalogue.filter(({ definition }) => definition.type === type);
    for (const [type, context] of [
      ['ServiceRegistered', 'triage'],
      ['ServiceUpdated', 'triage'],
      ['ServiceRetired', 'triage'],
      ['MaintenanceWindowScheduled', 'detection'],
      ['MaintenanceWindowCancelled', 'detection'],
    ]) {
      expect(owned(type).map((c) => [c.context, c.definition.schemaVersion])).toEqual([[context, 1]]);
    }
    expect([ServiceRegistered, ServiceUpdated, ServiceRetired, MaintenanceWindowScheduled, MaintenanceWindowCancelled].map((d) => d.schemaVersion)).toEqual([1, 1, 1, 1, 1]);
  });

  it('refuses what triage and detection never stored: a name out of the label alphabet, a tier of 5, a window time without a date', () => {
    expect(ServiceRegistered.validate({ ...storedService, name: 'Checkout' })).not.toEqual([]);
    expect(ServiceUpdated.validate({ ...storedService, tier: 5 })).not.toEqual([]);
    expect(ServiceRetired.validate({ name: 'checkout' })).not.toEqual([]);
    expect(MaintenanceWindowScheduled.validate({ ...storedWindow, startsAt: '02:00' })).not.toEqual([]);
    expect(MaintenanceWindowCancelled.validate({ windowId: 'w-1' })).not.toEqual([]);
  });
});
