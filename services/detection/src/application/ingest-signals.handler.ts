import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { AlertGroupedEvent, SignalReceivedEvent } from '@linchpin/contracts';
import { Clock, CLOCK, EVENT_STORE, EventStore, executeCommand, KeyedLock, loadState, newId, StateCache } from '@linchpin/eventsourcing';
import { alertDecider, AlertState, GroupingDecision, ReceiveAlert, wouldOpenOrJoin } from '../domain/alert.decider';
import { alertGroupDecider, CorrelationRule } from '../domain/alert-group.decider';
import { CommandContext } from '../domain/command-context';
import { DEFAULT_FLAPPING } from '../domain/flapping';
import { hasFiringAlert, incidentDecider } from '../domain/incident.decider';
import { matchingWindow } from '../domain/maintenance.decider';
import { NormalizedSignal } from '../domain/signal';
import { alertGroupStream, alertStream, detectionStream } from '../domain/streams';
import { CorrelationPoliciesProjection, IntegrationView, MaintenanceProjection } from './config-projections';
import { fingerprintFor } from './fingerprint';
import { IngestSignalsCommand, SignalOutcome } from './ingest-signals.command';

/**
 * In one process, signals of one fingerprint take turns (KeyedLock); across processes sharing a
 * store they race for the fingerprint's stream, and the expected revision lets one win while the
 * others reload and deduplicate. Each round has a winner, so this many retries absorbs a burst of
 * that many identical alerts.
 */
const RETRIES_ON_CONFLICT = 64;
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

@CommandHandler(IngestSignalsCommand)
export class IngestSignalsHandler implements ICommandHandler<IngestSignalsCommand, SignalOutcome[]> {
  /** A firing alert's stream grows with every repeat: keep folded states so a repeat reads only what is new. */
  private readonly alerts = new StateCache<AlertState>();
  private readonly turns = new KeyedLock();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly maintenance: MaintenanceProjection,
    private readonly correlation: CorrelationPoliciesProjection,
  ) {}

  async execute({ sender, signals, integration, actor, requestId }: IngestSignalsCommand): Promise<SignalOutcome[]> {
    const outcomes: SignalOutcome[] = [];
    // In the sender's order: a payload that fires and then resolves one alert means exactly that.
    for (const signal of signals) outcomes.push(await this.ingest(sender, signal, integration, { actor, causationId: requestId, occurredAt: this.clock.now().toISOString() }));
    return outcomes;
  }

  private async ingest(sender: IngestSignalsCommand['sender'], signal: NormalizedSignal, integration: IntegrationView | undefined, context: CommandContext): Promise<SignalOutcome> {
    const { fingerprint, origin } = fingerprintFor(signal, integration && { integrationId: integration.integrationId, fingerprintFields: integration.settings.fingerprintFields });
    const stream = alertStream(fingerprint);
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
    const options = { retries: RETRIES_ON_CONFLICT, cache: this.alerts };
    if (signal.status !== 'firing') {
      const command =
        signal.status === 'resolved'
          ? { ...base, type: 'ResolveAlert' as const, endsAt: signal.endsAt ?? context.occurredAt }
          : { ...base, type: 'AcknowledgeAlert' as const };
      const { events } = await executeCommand(this.store, stream, alertDecider, command, { ...options, lock: this.turns });
      return outcomeOf(events[0] as SignalReceivedEvent);
    }
    const service = signal.labels.service ?? integration?.service;
    const window = matchingWindow(await this.maintenance.all(), { service, labels: signal.labels }, context.occurredAt);
    let command: ReceiveAlert = {
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
    return this.turns.run(stream, async () => {
      const rule = await this.ruleFor(signal, service, integration);
      if (rule && wouldOpenOrJoin(command, (await loadState(this.store, stream, alertDecider, { cache: this.alerts })).state)) {
        command = { ...command, grouping: await this.group(rule, command, integration) };
      }
      const { events } = await executeCommand(this.store, stream, alertDecider, command, options);
      return outcomeOf(events[0] as SignalReceivedEvent);
    });
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
    const stream = alertGroupStream(groupId);
    const { state: current } = await loadState(this.store, stream, alertGroupDecider);
    const groupIncidentFiring =
      current.status === 'open' ? hasFiringAlert((await loadState(this.store, detectionStream(current.incidentId), incidentDecider)).state) : false;
    const { events, state } = await executeCommand(
      this.store,
      stream,
      alertGroupDecider,
      {
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
      },
      { retries: RETRIES_ON_CONFLICT, lock: this.turns },
    );
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
