import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { IncidentResolved } from '@linchpin/contracts';
import { postmortemPolicies, postmortems } from '../../domain/streams';
import { priorityOf } from '../../domain/postmortem/postmortem-prefill';
import { priorityNameOf, requiresPostmortem } from '../../domain/postmortem/postmortem-policy.decider';
import { timelineEntries } from './timeline-entries';

export const POSTMORTEMS_GROUP = 'review.postmortems';

/**
 * When an incident resolves, opens its postmortem if the policy in force requires one at the incident's priority, as
 * review's own timeline knows it (an incident whose priority review never heard is not required one: a responder opens
 * it). The decision is recorded with the priority and the policy version, so it never depends on a later read.
 * Opened once per incident: a redelivery, or a resolution after a reopening, opens nothing more.
 */
@Injectable()
export class ResolvedIncidentsReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(bus, POSTMORTEMS_GROUP, [topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!IncidentResolved.is(event)) return;
    const { incidentId } = event.data;
    const priority = priorityNameOf(priorityOf(await timelineEntries(this.store, incidentId)));
    const policy = await postmortemPolicies.load(this.store, {});
    if (!requiresPostmortem(policy, priority)) return;
    await postmortems.handle(this.store, {
      type: 'OpenPostmortem',
      incidentId,
      eventId: deterministicId(event.id, 'review.postmortem'),
      trigger: 'policy',
      priority,
      requiredFor: policy.requiredFor,
      policyVersion: policy.version,
      context: { actor: 'system:review', causationId: event.id, occurredAt: this.clock.now().toISOString() },
    });
  }
}
