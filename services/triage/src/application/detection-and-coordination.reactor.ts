import { Inject, Injectable } from '@nestjs/common';
import {
  EscalationExhausted,
  IncidentAssessed,
  IncidentDetected,
  IncidentUnrouted,
  PageFailed,
  ResponderPaged,
  TeamCreated,
  TeamRetired,
  TeamUpdated,
} from '@linchpin/contracts';
import { BusReactor } from '@linchpin/platform';
import { Clock, CLOCK, CommandContext, deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { asLevel } from '../domain/priority-matrix';
import { criticality } from '../domain/service-graph';
import { responseNotes, triages } from '../domain/streams';
import { responseNoteOf, statusChangeOf } from './coordination-news';
import { ServiceCatalogProjection } from './service-catalog.projection';
import { TriageConfigProjection } from './triage-config.projection';
import { KnownTeams } from './known-teams';

/** Component names in deterministic ids (fixed forever: changing them breaks idempotency). */
const INTAKE = 'triage.intake';
const ASSESSMENT = 'triage.assessment';
const PROGRESS = 'triage.progress';
const PAGING = 'triage.paging';

/**
 * Triage's single consumer group, on detection's and coordination's topics. A detected incident is queued at once (flagged untriaged); it
 * is triaged when detection's assessment arrives (it follows on the same topic), and re-triaged
 * at every later assessment: more signals, another service, users affected, a tier-1 dependency.
 * Coordination's lifecycle (acknowledged, investigating, identified, monitoring, resolved, and back to
 * triggered on a reopen or a reassignment) becomes triage's own status facts, its mitigation, merges
 * and SLA clocks triage's response notes, its pages and unrouted incidents its paging facts, and its
 * teams triage's known teams.
 */
@Injectable()
export class DetectionAndCoordinationReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalog: ServiceCatalogProjection,
    private readonly config: TriageConfigProjection,
    private readonly teams: KnownTeams,
  ) {
    super(bus, 'triage', [topicOf('detection'), topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const context: CommandContext = { actor: 'system:triage', causationId: event.id, occurredAt: this.clock.now().toISOString() };
    const statusChange = statusChangeOf(event);
    const note = responseNoteOf(event, context);
    if (IncidentDetected.is(event)) {
      const { data } = event;
      await triages.handle(this.store, {
        type: 'QueueIncident',
        eventId: deterministicId(event.id, INTAKE, 0),
        incidentId: data.incidentId,
        incident: {
          incidentId: data.incidentId,
          title: data.title,
          severity: data.severity,
          source: data.source,
          ...(data.service !== undefined ? { service: data.service } : {}),
          labels: data.labels,
          detectedAt: event.recordedAt,
          firstSignalAt: data.firstSignalAt,
        },
        context,
      });
    } else if (IncidentAssessed.is(event)) {
      const { data } = event;
      const snapshot = await this.catalog.snapshot();
      // Catalog names are lower case; senders' service labels may not be.
      const services = data.impactedServices.map((s) => s.toLowerCase());
      const critical = criticality(snapshot, services);
      const catalogOwners = Object.fromEntries(
        services.flatMap((name) => {
          const entry = snapshot.get(name);
          return entry ? [[name, { team: entry.owningTeam, ...(entry.escalationPolicy ? { escalationPolicy: entry.escalationPolicy } : {}) }]] : [];
        }),
      );
      await triages.handle(this.store, {
        type: 'AssessIncident',
        eventIds: [deterministicId(event.id, ASSESSMENT, 0), deterministicId(event.id, ASSESSMENT, 1)],
        incidentId: data.incidentId,
        causeId: event.id,
        evidence: {
          suggestedImpact: asLevel(data.suggestedImpact.level),
          suggestedUrgency: asLevel(data.suggestedUrgency.level),
          impactedServices: data.impactedServices,
          alertCount: data.alertCount,
          ...(data.blastRadius.usersAffected !== undefined ? { usersAffected: data.blastRadius.usersAffected } : {}),
          ...(critical.tier !== undefined ? { criticalTier: critical.tier, criticalReason: critical.reason } : {}),
        },
        matrix: await this.config.currentMatrix(),
        rules: await this.config.currentRules(),
        catalogOwners,
        context,
      });
    } else if (statusChange) {
      await triages.handle(this.store, {
        type: 'ChangeStatus',
        eventId: deterministicId(event.id, PROGRESS),
        incidentId: statusChange.incidentId,
        status: statusChange.status,
        cause: event.type,
        by: statusChange.by,
        context,
      });
    } else if (note) {
      await responseNotes.handle(this.store, note);
    } else if (ResponderPaged.is(event) || IncidentUnrouted.is(event) || PageFailed.is(event)) {
      const paged = ResponderPaged.is(event) || (PageFailed.is(event) && event.data.paged);
      await triages.handle(this.store, {
        type: 'NotePaging',
        eventId: deterministicId(event.id, PAGING),
        incidentId: event.data.incidentId,
        paged,
        reason: event.data.reason,
        team: event.data.team,
        cause: event.type,
        context,
      });
    } else if (EscalationExhausted.is(event)) {
      await triages.handle(this.store, {
        type: 'NoteEscalationExhausted',
        eventId: deterministicId(event.id, 'triage.escalation-exhausted'),
        incidentId: event.data.incidentId,
        reason: event.data.reason,
        fallbackTeam: event.data.fallbackTeam,
        context,
      });
    } else if (TeamCreated.is(event) || TeamUpdated.is(event) || TeamRetired.is(event)) {
      await this.teams.record(event, context);
    }
  }
}
