import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { PersonRegistered, PersonRetired, PersonUpdated } from '@linchpin/contracts';
import { contacts } from '../domain/streams';
import { AwaitingPages } from './contact-directory';
import { resolveAwaitingPage } from './page-contacts';

/**
 * Comms' contact directory: records coordination's PersonRegistered / PersonUpdated / PersonRetired
 * in `commsContact-<personId>` (ids from the source event; an older revision arriving late changes
 * nothing), then resolves every page that was waiting for that person.
 */
@Injectable()
export class ContactsReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly awaiting: AwaitingPages,
  ) {
    super(bus, 'comms.contacts', [topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!PersonRegistered.is(event) && !PersonUpdated.is(event) && !PersonRetired.is(event)) return;
    const context = { actor: 'system:comms', causationId: event.id, occurredAt: this.clock.now().toISOString() };
    const { personId, name } = event.data;
    await contacts.handle(this.store, {
      type: 'RecordContacts',
      eventId: deterministicId(event.id, 'comms.contact'),
      personId,
      name,
      retired: PersonRetired.is(event),
      sourceRevision: event.revision,
      ...('contactMethods' in event.data ? { contactMethods: event.data.contactMethods.map(({ id, kind, address }) => ({ id, kind, address })) } : {}),
      context,
    });
    for (const deliveryId of await this.awaiting.of(personId)) await resolveAwaitingPage(this.store, deliveryId, context);
  }
}
