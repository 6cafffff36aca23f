import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { LinchpinConfig } from '@linchpin/platform';
import { readModelsPathOf } from '../review.settings';
import { READ_MODELS, ReadModel, ReadModelDb, ReadModelStore } from './read-model.port';
import { ReadModelProjector } from './read-model-projector';
import { SqliteReadModelStore } from './sqlite-read-model-store';

/**
 * Review's persisted read models in a running service: the SQLite adapter at REVIEW_READ_MODELS_PATH, and the projector
 * following review's store from each model's checkpoint (not from the start: the rows are kept between starts).
 */
@Injectable()
export class ReviewReadModels implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly store: ReadModelStore;
  readonly projector: ReadModelProjector;

  constructor(@Inject(EVENT_STORE) events: EventStore, config: LinchpinConfig, @Inject(READ_MODELS) models: ReadModel[]) {
    this.store = new SqliteReadModelStore(readModelsPathOf(config));
    this.projector = new ReadModelProjector(events, this.store, models);
  }

  onApplicationBootstrap(): void {
    this.projector.start();
    void this.projector.current().catch(() => undefined);
  }

  /** Read after catching up: the answer holds every event the store had when it was asked. */
  async read<T>(query: (db: ReadModelDb) => T): Promise<T> {
    await this.projector.current();
    return this.store.read(query);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projector.stop().catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.store.close();
  }
}
