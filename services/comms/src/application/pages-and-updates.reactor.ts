import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, CommandContext, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { IncidentResolved, IncidentResolvedEvent, ResponderPaged, ResponderPagedEvent, StatusUpdatePosted, StatusUpdatePostedEvent } from '@linchpin/contracts';
import { reachesPagedResponders, reachesSubscriptions } from '../domain/update-audience';
import { DeliveryTarget, deliveryIdOf } from '../domain/delivery';
import { hears, IncidentAsKnown } from '../domain/subscriptions/subscription';
import { contactOf } from '../domain/contact.decider';
import { PageBody, PageSending, pageSending } from '../domain/page-channel';
import { SubscriptionsProjection } from './subscriptions.projection';
import { contacts, deliveryRequests, knownIncidents, publicIncidents } from '../domain/streams';
import { COMMS_SETTINGS, CommsSettings } from '../comms.settings';
import { resolveAwaitingPage } from './page-contacts';
import { PagedResponders } from './paged-responders.projection';

export const COMMS_GROUP = 'comms';

/**
 * Turns pages and status updates into delivery requests: one per (cause event, target), with a
 * deterministic id, stored in `deliveryRequest-<id>` before the bus message is acknowledged. It
 * sends nothing itself, so a receiver that hangs never holds up the consumer; the
 * DeliveryDispatcher sends every request and records its outcome in `delivery-<id>`.
 */
@Injectable()
export class PagesAndUpdatesReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly subscriptions: SubscriptionsProjection,
    @Inject(COMMS_SETTINGS) private readonly settings: CommsSettings,
    private readonly pagedResponders: PagedResponders,
  ) {
    super(bus, COMMS_GROUP, [topicOf('coordination'), topicOf('comms')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (ResponderPaged.is(event)) {
      await this.page(event);
    } else if (IncidentResolved.is(event)) {
      await this.resolved(event);
    } else if (StatusUpdatePosted.is(event)) {
      await this.toPagedResponders(event);
      await this.toSubscriptions(event);
    }
  }

  /** Subscriptions are stakeholders: each one whose filters and preferences take the update gets it, on its channel. */
  private async toSubscriptions(event: StatusUpdatePostedEvent & PublishedEvent): Promise<void> {
    const d = event.data;
    if (!reachesSubscriptions(d.audience)) return;
    const incident = await this.incidentAsKnown(d.incidentId);
    for (const s of (await this.subscriptions.active()).filter((s) => hears(s, d, incident))) {
      const target = `subscription:${s.subscriptionId}`;
      await this.request(
        event,
        { deliveryId: deliveryIdOf(event.id, target), incidentId: d.incidentId, kind: 'status-update', subjectId: d.updateId, target },
        { url: s.channel === 'email' ? `mailto:${s.address}` : s.address, body: updateBody(event), channel: s.channel },
        s.subscriptionId,
      );
    }
  }

  /**
   * The incident as comms knows it when its update is delivered: the service and priority from triage (the status
   * page's facts), the team from coordination. What has not arrived yet matches no filter on it.
   */
  private async incidentAsKnown(incidentId: string): Promise<IncidentAsKnown> {
    const [facts, known] = await Promise.all([publicIncidents.load(this.store, { incidentId }), knownIncidents.load(this.store, { incidentId })]);
    return { incidentId, service: facts.service, priority: facts.priority, team: known.team };
  }

  /**
   * A page names a person and a contact method (v2): the address comes from comms' contact directory.
   * When the directory does not know it yet (the person's event may come after the page: another
   * partition), the page is recorded as waiting for it, with a deadline, and resolved as soon as the
   * contact is known; past the deadline it fails loudly. A page published as v1 carries its URL
   * (`legacyWebhookUrl`, set only by the upcaster) and goes there, with the delivery id it always had.
   */
  private async page(event: ResponderPagedEvent & PublishedEvent): Promise<void> {
    const d = event.data;
    const page: PageBody = {
      type: 'page',
      incidentId: d.incidentId,
      pageId: d.pageId,
      title: d.title,
      priority: d.priority,
      team: d.team,
      responder: { name: d.responder },
      escalationLevel: d.escalationLevel,
    };
    const delivery = (target: string): DeliveryTarget => ({ deliveryId: deliveryIdOf(event.id, target), incidentId: d.incidentId, kind: 'page', subjectId: d.pageId, target });
    if (d.legacyWebhookUrl !== undefined) {
      await this.request(event, delivery(d.legacyWebhookUrl), { url: d.legacyWebhookUrl, body: { ...page }, channel: 'webhook', acknowledgeLink: { personId: d.personId } });
      return;
    }
    // The target names the person and the method, never the address: it is published in the outcome.
    const target = delivery(`person:${d.personId}/contact:${d.contactMethodId}`);
    const contact = contactOf(await contacts.load(this.store, { personId: d.personId }), d.contactMethodId);
    if (contact) {
      await this.request(event, target, pageSending(contact, page, d.personId));
      return;
    }
    const context = this.contextOf(event);
    const waitUntil = new Date(this.clock.now().getTime() + this.settings.contactWaitSeconds * 1000).toISOString();
    await deliveryRequests.handle(this.store, {
      type: 'AwaitContact',
      ...target,
      personId: d.personId,
      contactMethodId: d.contactMethodId,
      page: { ...page },
      waitUntil,
      context,
    });
    // The person's event may have been recorded while this wait was: look again, so neither misses the other.
    await resolveAwaitingPage(this.store, target.deliveryId, context);
  }

  /**
   * Everyone paged for the incident is told it is resolved, on the contact method they were paged on, once: one
   * delivery per (resolution, person and method), its id derived from both. It travels as kind `status-update`
   * (information, not a page: coordination escalates on nothing it says), its subject the resolution event.
   */
  private async resolved(event: IncidentResolvedEvent & PublishedEvent): Promise<void> {
    const d = event.data;
    for (const paged of await this.pagedResponders.of(d.incidentId)) {
      const body = { type: 'incident-resolved', incidentId: d.incidentId, title: paged.title, resolvedBy: d.by, resolvedAt: event.metadata.occurredAt };
      await this.request(
        event,
        { deliveryId: deliveryIdOf(event.id, paged.target), incidentId: d.incidentId, kind: 'status-update', subjectId: event.id, target: paged.target },
        { url: paged.url, body, channel: paged.channel },
      );
    }
  }

  /**
   * A `responders` update goes to everyone paged for the incident, on the contact method they were paged on, once
   * per person and method (`PagedResponders`, as for the resolution notice): one delivery per (update event,
   * person and method), its id derived from both, so a redelivered update sends nothing more. Kind `status-update`
   * (information: the updates' pool and schedule, no PageFailed), its subject the update.
   */
  private async toPagedResponders(event: StatusUpdatePostedEvent & PublishedEvent): Promise<void> {
    const d = event.data;
    if (!reachesPagedResponders(d.audience)) return;
    const body = updateBody(event);
    for (const paged of await this.pagedResponders.of(d.incidentId)) {
      await this.request(
        event,
        { deliveryId: deliveryIdOf(event.id, paged.target), incidentId: d.incidentId, kind: 'status-update', subjectId: d.updateId, target: paged.target },
        { url: paged.url, body, channel: paged.channel },
      );
    }
  }

  private async request(cause: PublishedEvent, delivery: DeliveryTarget, send: PageSending, subscriptionId?: string): Promise<void> {
    // Requested already (a redelivered message): nothing is recorded, the dispatcher has it.
    await deliveryRequests.handle(this.store, {
      type: 'RequestDelivery',
      ...delivery,
      ...send,
      subscriptionId,
      context: this.contextOf(cause),
    });
  }

  private contextOf(cause: PublishedEvent): CommandContext {
    return { actor: 'system:comms', causationId: cause.id, occurredAt: this.clock.now().toISOString() };
  }
}

/** What an update says, whoever it goes to: the message a channel renders (links are added when sent). */
const updateBody = ({ data: d, metadata }: StatusUpdatePostedEvent & PublishedEvent) => ({
  type: 'status-update',
  incidentId: d.incidentId,
  updateId: d.updateId,
  audience: d.audience,
  status: d.status,
  message: d.message,
  impact: d.impact,
  eta: d.eta,
  postedAt: metadata.occurredAt,
});
