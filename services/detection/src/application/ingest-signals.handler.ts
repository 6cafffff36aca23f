import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { AlertGroupedEvent, SignalReceivedEvent } from '@linchpin/contracts';
import { Clock, CLOCK, CommandContext, EVENT_STORE, EventStore, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { AlertCommand, AlertState, GroupingDecision, needsIncident, ReceiveAlert } from '../domain/alert.decider';
import { CorrelationRule } from '../domain/alert-group.decider';
import { DEFAULT_FLAPPING } from '../domain/flapping';
import { hasFiringAlert } from '../domain/incident.decider';
import { matchingWindow } from '../domain/maintenance.decider';
import { NormalizedSignal } from '../domain/signal';
import { alertGroups, alerts, incidents } from '../domain/streams';
import { CorrelationPoliciesProjection, IntegrationView, MaintenanceProjection } from './config-projections';
import { fingerprintFor } from './fingerprint';
import { RecordHeartbeatCommand } from './heartbeats';
import { IngestSignalsCommand, SignalOutcome } from './ingest-signals.command';

/** Raw payloads are kept up to this many characters of JSON per signal. */
export const RAW_LIMIT = 16 * 1024;
/** The built-in grouping by the sender's own group (Alertmanager/Grafana `groupKey`). */
const SENDER_GROUP_RULE = 'sender-group';

const boundedRaw = (raw: unknown): { text: string; truncated: boolean } => {
  const text = JSON.stringify(raw ?? null);
  return text.length <= RAW_LIMIT ? { text, truncated: false } : { text: text.slice(0, RAW_LIMIT), truncated: true };
};

const groupIdOf = (rule: string, key: Record<string, string>, integrationId?: string): string =>
  createHash('sha256').update(JSON.stringify([rule, integrationId ?? null, Object.entries(key).sort()])).digest('hex').slice(0, 32);

/**
 * Each signal is one command of its fingerprint's alert, decided once (see `alerts` in
 * domain/streams for the turns, retries and cached states). A firing signal that starts an alert
 * has its incident chosen first, from the state it is decided on: its correlation group's, when a
 * rule applies, else its own.
 */
@CommandHandler(IngestSignalsCommand)
export class IngestSignalsHandler extends StoreCommandHandler implements ICommandHandler<IngestSignalsCommand, SignalOutcome[]> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly maintenance: MaintenanceProjection,
    private readonly correlation: CorrelationPoliciesProjection,
    private readonly commands: CommandBus,
  ) {
    super(store, clock);
  }

  async execute({ sender, signals, integration, request }: IngestSignalsCommand): Promise<SignalOutcome[]> {
    const context = this.contextOf(request);
    const outcomes: SignalOutcome[] = [];
    // In the sender's order: a payload that fires and then resolves one alert means exactly that.
    for (const signal of signals) outcomes.push(await this.ingest(sender, signal, integration, context));
    // Any signal of an integration is a sign of life: one beat per request (a log batch beats once, in its own handler).
    if (integration?.settings.heartbeat && sender !== 'heartbeat' && sender !== 'logs') {
      await this.commands.execute(new RecordHeartbeatCommand({ integration, request }));
    }
    return outcomes;
  }

  private async ingest(sender: IngestSignalsCommand['sender'], signal: NormalizedSignal, integration: IntegrationView | undefined, context: CommandContext): Promise<SignalOutcome> {
    const { fingerprint, origin } = fingerprintFor(signal, integration && { integrationId: integration.integrationId, fingerprintFields: integration.settings.fingerprintFields });
    const base = {
      signalId: newId(),
      eventId: newId(),
      fingerprint,
      fingerprintOrigin: origin,
      ...(integration ? { integrationId: integration.integrationId } : {}),
      sender,
      summary: signal.summary,
      severity: signal.severity,
      raw: boundedRaw(signal.raw),
      context,
    };
    if (signal.status !== 'firing') {
      const command =
        signal.status === 'resolved'
          ? { ...base, type: 'ResolveAlert' as const, endsAt: signal.endsAt ?? context.occurredAt }
          : { ...base, type: 'AcknowledgeAlert' as const };
      const { events } = await alerts.handle(this.store, command);
      return outcomeOf(events[0] as SignalReceivedEvent);
    }
    const service = signal.labels.service ?? integration?.service;
    const window = matchingWindow(await this.maintenance.all(), { service, labels: signal.labels }, context.occurredAt);
    const command: ReceiveAlert = {
      ...base,
      type: 'ReceiveAlert',
      alertId: newId(),
      incidentId: newId(),
      source: signal.source,
      labels: service !== undefined && signal.labels.service === undefined ? { ...signal.labels, service } : signal.labels,
      ...(service !== undefined ? { service } : {}),
      ...(signal.annotations ? { annotations: signal.annotations } : {}),
      ...(signal.details ? { details: signal.details } : {}),
      ...(signal.links ? { links: signal.links } : {}),
      ...(signal.images ? { images: signal.images } : {}),
      ...(signal.senderKey !== undefined && !integration ? { dedupKey: signal.senderKey } : {}),
      startsAt: signal.startsAt ?? context.occurredAt,
      flapping: integration?.settings.flapping ?? DEFAULT_FLAPPING,
      ...(window ? { suppressedBy: { windowId: window.windowId, name: window.name } } : {}),
    };
    // The incident is chosen once, on the state first read: after a conflict the same command is decided on the
    // newer state (a repeat then deduplicates, whatever was chosen), and a group records one grouping per alert.
    let chosen: Promise<AlertCommand> | undefined;
    const { events } = await alerts.handle(this.store, command, {
      prepare: (decided, state) => (chosen ??= this.withIncidentChosen(decided, state, signal, service, integration)),
    });
    return outcomeOf(events[0] as SignalReceivedEvent);
  }

  /** The command with its correlation group's decision, when it starts an alert that needs an incident and a rule applies. */
  private async withIncidentChosen(
    command: AlertCommand,
    state: AlertState,
    signal: NormalizedSignal,
    service: string | undefined,
    integration: IntegrationView | undefined,
  ): Promise<AlertCommand> {
    if (command.type !== 'ReceiveAlert' || !needsIncident(command, state)) return command;
    const rule = await this.ruleFor(signal, service, integration);
    return rule ? { ...command, grouping: await this.group(rule, command, integration) } : command;
  }

  /** The service's correlation policy when it has one; else the sender's own group; else none (the alert opens its own incident). */
  private async ruleFor(signal: NormalizedSignal, service: string | undefined, integration: IntegrationView | undefined): Promise<CorrelationRule | undefined> {
    const policy = service !== undefined ? await this.correlation.of(service) : undefined;
    if (policy?.enabled && service !== undefined) {
      const key = Object.fromEntries([['service', service], ...policy.groupBy.map((label) => [label, signal.labels[label] ?? ''])]);
      return { id: `service:${service}`, version: policy.version, key, windowSeconds: policy.windowSeconds };
    }
    if (signal.groupKey !== undefined) {
      return { id: SENDER_GROUP_RULE, version: 1, key: { groupKey: signal.groupKey, ...(integration ? { integrationId: integration.integrationId } : {}) }, windowSeconds: null };
    }
    return undefined;
  }

  private async group(rule: CorrelationRule, alert: ReceiveAlert, integration: IntegrationView | undefined): Promise<GroupingDecision> {
    const groupId = groupIdOf(rule.id, rule.key, integration?.integrationId);
    const current = await alertGroups.load(this.store, { groupId });
    const groupIncidentFiring = current.status === 'open' ? hasFiringAlert(await incidents.load(this.store, { incidentId: current.incidentId })) : false;
    const { events, state } = await alertGroups.handle(this.store, {
      type: 'CorrelateAlert',
      eventId: newId(),
      groupId,
      rule,
      newIncidentId: alert.incidentId,
      groupIncidentFiring,
      alert: {
        alertId: alert.alertId,
        fingerprint: alert.fingerprint,
        summary: alert.summary,
        severity: alert.severity,
        source: alert.source,
        ...(alert.service !== undefined ? { service: alert.service } : {}),
        labels: alert.labels,
        startsAt: alert.startsAt,
      },
      context: alert.context,
    });
    const grouped = events[0] as AlertGroupedEvent | undefined;
    const incidentId = grouped?.data.incidentId ?? (state.status === 'open' ? state.incidentId : alert.incidentId);
    return { groupId, ruleId: rule.id, ruleVersion: rule.version, incidentId, opened: grouped?.data.opened ?? false };
  }
}

const outcomeOf = (received: SignalReceivedEvent): SignalOutcome => ({
  signalId: received.data.signalId,
  alertId: received.data.alertId ?? null,
  incidentId: received.data.incidentId ?? null,
  fingerprint: received.data.fingerprint,
  outcome: received.data.outcome,
  reason: received.data.reason,
});
