import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { AlertGroupedEvent } from '@linchpin/contracts';
import { Clock, CLOCK, CommandContext, EVENT_STORE, EventStore, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { alertDecider, AlertEvent, AlertState, firesFor, GroupingDecision, needsIncident, outcomesOf, ReceiveAlert, ReceiveAlerts } from '../domain/alert.decider';
import { CorrelationRule } from '../domain/alert-group.decider';
import { DEFAULT_FLAPPING } from '../domain/flapping';
import { firingAlertsOf, hasFiringAlert } from '../domain/incident.decider';
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

/**
 * At most this many firing signals in one batch: a batch's AlertDeduplicated names each signal id
 * (about 40 bytes each), so a storm is cut into events of at most about 10 KiB.
 */
export const MAX_BATCH = 256;

/** A firing signal waiting in a batch, with what choosing its incident needs. */
interface Waiting {
  command: ReceiveAlert;
  signal: NormalizedSignal;
  service: string | undefined;
  integration: IntegrationView | undefined;
  /** Its incident, chosen once, on the first state where it starts an alert (a conflict decides it again on a newer one). */
  chosen?: Promise<ReceiveAlert>;
}

/** Firing signals of one fingerprint waiting for the same turn: joined until the turn comes, then decided together. */
interface Batch {
  waiting: Waiting[];
  decided: Promise<{ events: AlertEvent[] }>;
}

const groupIdOf = (rule: string, key: Record<string, string>, integrationId?: string): string =>
  createHash('sha256').update(JSON.stringify([rule, integrationId ?? null, Object.entries(key).sort()])).digest('hex').slice(0, 32);

/**
 * Each signal is one command of its fingerprint's alert, decided once (see `alerts` in
 * domain/streams for the turns, retries and cached states). Firing signals of one fingerprint that
 * arrive while another command of it holds the turn join one batch (ReceiveAlerts), decided and
 * appended at once when its turn comes: a storm of repeats costs one append per turn, not one per
 * repeat, and each is answered only once its batch is stored. A firing signal that starts an alert
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

  /** The batch of each fingerprint still taking firing signals (its turn has not come). */
  private readonly open = new Map<string, Batch>();

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
      // Firing signals after this one wait for a turn after it: a resolve is never overtaken by a later repeat.
      this.open.delete(fingerprint);
      const { events } = await alerts.handle(this.store, command);
      return outcomesOf([command], events)[0];
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
    const { events } = await this.inBatch({ command, signal, service, integration });
    return outcomesOf([command], events)[0];
  }

  /** Joins the fingerprint's open batch, or opens one that takes the next turn; settles once the batch is stored. */
  private inBatch(waiting: Waiting): Promise<{ events: AlertEvent[] }> {
    const { fingerprint } = waiting.command;
    const joined = this.open.get(fingerprint);
    if (joined && joined.waiting.length < MAX_BATCH) {
      joined.waiting.push(waiting);
      return joined.decided;
    }
    const batch = { waiting: [waiting] } as Batch;
    this.open.set(fingerprint, batch);
    // The signals are set when the turn comes (prepareBatch): until then, more join.
    const command: ReceiveAlerts = { type: 'ReceiveAlerts', fingerprint, signals: [] };
    batch.decided = alerts.handle(this.store, command, { prepare: (_, state) => this.prepareBatch(batch, fingerprint, state) });
    // A batch that failed before its turn came (reading the stream) takes no one more: the next signal opens a new one.
    const closed = () => {
      if (this.open.get(fingerprint) === batch) this.open.delete(fingerprint);
    };
    batch.decided.then(closed, closed);
    return batch.decided;
  }

  /**
   * The turn came: the batch takes no one more, and each signal that starts an alert has its incident
   * chosen on the state the signals before it leave. Runs again, on the newer state, after a conflict:
   * the same signals, so none is counted twice or lost.
   */
  private async prepareBatch(batch: Batch, fingerprint: string, initial: AlertState): Promise<ReceiveAlerts> {
    if (this.open.get(fingerprint) === batch) this.open.delete(fingerprint);
    const signals: ReceiveAlert[] = [];
    let state = initial;
    for (const waiting of batch.waiting) {
      if (state.status === 'firing') {
        signals.push(waiting.command);
        continue;
      }
      const command = needsIncident(waiting.command, state) ? await (waiting.chosen ??= this.withIncidentChosen(waiting)) : waiting.command;
      signals.push(command);
      state = alertDecider.decide(command, state).reduce(alertDecider.evolve, state);
    }
    return { type: 'ReceiveAlerts', fingerprint, signals };
  }

  /** The command with its correlation group's decision, for a firing signal that starts an alert needing an incident, when a rule applies. */
  private async withIncidentChosen({ command, signal, service, integration }: Waiting): Promise<ReceiveAlert> {
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
    const groupIncidentFiring = current.status === 'open' && (await this.stillFiring(current.incidentId));
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

  /**
   * Whether the group's incident still has a firing alert, so a new alert may join it. The incident's
   * stream hears of its alerts through the bus, so it can still count as firing an alert already
   * closed with its incident resolved by hand: each is checked on its own stream, which is never
   * behind. Else an Alertmanager re-send right after the resolve joined the resolved incident and paged nobody.
   */
  private async stillFiring(incidentId: string): Promise<boolean> {
    const incident = await incidents.load(this.store, { incidentId });
    if (!hasFiringAlert(incident)) return false;
    const counted = firingAlertsOf(incident);
    // None has joined yet: the incident is as firing as the alert that opened it.
    if (counted.length === 0) return true;
    for (const { alertId, fingerprint } of counted) {
      if (firesFor(await alerts.load(this.store, { fingerprint }), alertId, incidentId)) return true;
    }
    return false;
  }
}

