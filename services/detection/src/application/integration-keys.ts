import { Injectable } from '@nestjs/common';
import { IntegrationKind } from '../domain/integration.decider';
import { hashKey } from './configuration.handlers';
import { IntegrationsProjection, IntegrationView } from './config-projections';

/** Finds the active integration a sender's key opens; undefined for an unknown, revoked or other-kind key (the sender's error format says so). */
@Injectable()
export class IntegrationKeys {
  constructor(private readonly integrations: IntegrationsProjection) {}

  async find(key: string, kind: IntegrationKind): Promise<IntegrationView | undefined> {
    const integration = await this.integrations.byKey(hashKey(key));
    return integration && integration.status === 'active' && integration.kind === kind ? integration : undefined;
  }

  /** The active integration of any kind the key opens (heartbeats come from every kind of sender). */
  async findAnyKind(key: string): Promise<IntegrationView | undefined> {
    const integration = await this.integrations.byKey(hashKey(key));
    return integration && integration.status === 'active' ? integration : undefined;
  }
}
