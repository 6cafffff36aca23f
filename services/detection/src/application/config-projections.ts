import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { CorrelationPolicy, CorrelationPolicySetEvent } from '../domain/correlation-policy.decider';
import { IntegrationEvent, IntegrationState, integrationDecider } from '../domain/integration.decider';
import { MaintenanceEvent, MaintenanceWindow } from '../domain/maintenance.decider';
import { CORRELATION_POLICY_STREAM_PREFIX, INTEGRATION_STREAM_PREFIX, MAINTENANCE_STREAM_PREFIX } from '../domain/streams';

export type IntegrationView = Exclude<IntegrationState, { status: 'none' }>;

/** Integrations by id and by key hash; read-your-writes (ProjectionFeed catches up on each read). */
@Injectable()
export class IntegrationsProjection {
  private readonly byId = new Map<string, IntegrationView>();
  private readonly byKeyHash = new Map<string, string>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [INTEGRATION_STREAM_PREFIX], (event) => this.apply(event));
  }

  async byKey(keyHash: string): Promise<IntegrationView | undefined> {
    await this.feed.current();
    const id = this.byKeyHash.get(keyHash);
    return id === undefined ? undefined : this.byId.get(id);
  }

  async get(integrationId: string): Promise<IntegrationView | undefined> {
    await this.feed.current();
    return this.byId.get(integrationId);
  }

  async all(): Promise<IntegrationView[]> {
    await this.feed.current();
    return [...this.byId.values()];
  }

  private apply(event: RecordedEvent): void {
    const id = (event.data as { integrationId: string }).integrationId;
    const next = integrationDecider.evolve(this.byId.get(id) ?? integrationDecider.initialState, event as IntegrationEvent);
    if (next.status === 'none') return;
    this.byId.set(id, next);
    this.byKeyHash.set(next.keyHash, id);
  }
}

/** Maintenance windows, cancelled ones included (the explain and list endpoints show them). */
@Injectable()
export class MaintenanceProjection {
  private readonly windows = new Map<string, MaintenanceWindow>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [MAINTENANCE_STREAM_PREFIX], (event) => this.apply(event as unknown as MaintenanceEvent));
  }

  async all(): Promise<MaintenanceWindow[]> {
    await this.feed.current();
    return [...this.windows.values()];
  }

  async get(windowId: string): Promise<MaintenanceWindow | undefined> {
    await this.feed.current();
    return this.windows.get(windowId);
  }

  private apply(event: MaintenanceEvent): void {
    if (event.type === 'MaintenanceWindowScheduled') this.windows.set(event.data.windowId, { ...event.data, cancelled: false });
    else {
      const window = this.windows.get(event.data.windowId);
      if (window) window.cancelled = true;
    }
  }
}

/** The newest correlation policy of each service. */
@Injectable()
export class CorrelationPoliciesProjection {
  private readonly policies = new Map<string, CorrelationPolicy>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [CORRELATION_POLICY_STREAM_PREFIX], (event) =>
      this.policies.set((event as unknown as CorrelationPolicySetEvent).data.service, (event as unknown as CorrelationPolicySetEvent).data),
    );
  }

  async of(service: string): Promise<CorrelationPolicy | undefined> {
    await this.feed.current();
    return this.policies.get(service);
  }
}
