import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import {
  IncidentMerged,
  IncidentReopened,
  IncidentResolved,
  IncidentRoleAssigned,
  IncidentRoleReleased,
  ResponderPaged,
  ResponsePriorityChanged,
  StatusUpdatePosted,
} from '@linchpin/contracts';
import { cadenceAt, cadenceVersion } from '../../domain/cadence/cadence-policy.decider';
import { CadenceFact, NotifiedRole } from '../../domain/cadence/incident-cadence.decider';
import { isPriority } from '../../domain/cadence/update-cadence';
import { cadencePolicies, incidentCadences } from '../../domain/streams';

export const UPDATE_CADENCE_GROUP = 'comms.update-cadence';

const NOTIFIED_ROLES: readonly string[] = ['communications-lead', 'commander'];

/**
 * Keeps each open incident's deadline for its next status update (issue 15): opened by the first page
 * (the cadence of its priority under the version in force then), pushed a cadence on by every
 * `StatusUpdatePosted`, re-targeted by `ResponsePriorityChanged`, stopped by `IncidentResolved` or
 * `IncidentMerged`, started again by `IncidentReopened` (a cadence after the reopening). It also keeps who holds the communications-lead and commander roles (coordination's
 * role events), who `UpdateCadenceTimers` tells when the deadline passes. Each fact is recorded once, by
 * its event's id, in the incident's private `commsUpdateCadence-` stream with the timer change it makes.
 */
@Injectable()
export class UpdateCadenceReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(bus, UPDATE_CADENCE_GROUP, [topicOf('coordination'), topicOf('comms')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const incidentId = event.metadata.incidentId;
    if (!incidentId) return;
    const fact = await this.factOf(event, incidentId);
    if (!fact) return;
    await incidentCadences.handle(this.store, {
      type: 'NoteCadenceFact',
      incidentId,
      causeId: event.id,
      fact,
      context: { actor: 'system:comms', causationId: event.id, occurredAt: this.clock.now().toISOString() },
    });
  }

  private async factOf(event: PublishedEvent, incidentId: string): Promise<CadenceFact | undefined> {
    if (ResponderPaged.is(event)) {
      const state = await incidentCadences.load(this.store, { incidentId });
      // Only the first page opens it (an escalation's later pages change nothing).
      if (state.status !== 'unopened' || !isPriority(event.data.priority)) return undefined;
      const openedAt = event.metadata.occurredAt;
      const version = cadenceAt(await cadencePolicies.load(this.store, {}), openedAt);
      return { kind: 'opened', priority: event.data.priority, openedAt, cadenceMinutes: version.cadence[event.data.priority], cadenceVersion: version.version };
    }
    if (ResponsePriorityChanged.is(event)) {
      const state = await incidentCadences.load(this.store, { incidentId });
      if (state.status !== 'open' || state.cadenceVersion === null || !isPriority(event.data.priority)) return undefined;
      const version = cadenceVersion(await cadencePolicies.load(this.store, {}), state.cadenceVersion);
      return { kind: 'reprioritised', priority: event.data.priority, cadenceMinutes: version.cadence[event.data.priority] };
    }
    if (StatusUpdatePosted.is(event)) return { kind: 'update-posted', updateId: event.data.updateId, postedAt: event.metadata.occurredAt };
    if (IncidentRoleAssigned.is(event) && NOTIFIED_ROLES.includes(event.data.role)) {
      return { kind: 'role', role: event.data.role as NotifiedRole, personId: event.data.personId };
    }
    if (IncidentRoleReleased.is(event) && NOTIFIED_ROLES.includes(event.data.role)) {
      const state = await incidentCadences.load(this.store, { incidentId });
      // A release of someone who no longer holds it (handed over since) changes nothing.
      if (state.roles[event.data.role as NotifiedRole] !== event.data.personId) return undefined;
      return { kind: 'role', role: event.data.role as NotifiedRole, personId: null };
    }
    if (IncidentResolved.is(event)) return { kind: 'closed', reason: 'resolved' };
    if (IncidentReopened.is(event)) {
      const state = await incidentCadences.load(this.store, { incidentId });
      // Only a closed incident whose priority comms knows restarts (one it never heard open has no cadence to resume).
      if (state.status !== 'closed' || state.priority === null) return undefined;
      const reopenedAt = event.metadata.occurredAt;
      // The policy in force at the reopening, for the incident's priority as it stands.
      const version = cadenceAt(await cadencePolicies.load(this.store, {}), reopenedAt);
      return { kind: 'reopened', reopenedAt, cadenceMinutes: version.cadence[state.priority], cadenceVersion: version.version };
    }
    if (IncidentMerged.is(event)) return { kind: 'closed', reason: `merged into ${event.data.into}` };
    return undefined;
  }
}
