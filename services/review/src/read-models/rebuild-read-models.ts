import { EventStore } from '@linchpin/eventsourcing';
import { RebuildProgress, ReadModelProjector } from './read-model-projector';
import { REVIEW_READ_MODELS } from './review-read-model-list';
import { SqliteReadModelStore } from './sqlite-read-model-store';

export interface RebuildHooks {
  /** As the model's events are applied (page by page), and once before the first. */
  onProgress?(progress: RebuildProgress): void;
  /** When the model is rebuilt. */
  onDone?(progress: RebuildProgress): void;
}

/**
 * Drops review's read models named (all by default) in the SQLite file at `readModelsPath` and replays review's store
 * into them, one after the other: what `linchpin rebuild` runs (and what the replay bench times).
 */
export async function rebuildReadModels(
  store: EventStore,
  readModelsPath: string,
  names: readonly string[] = REVIEW_READ_MODELS.map((m) => m.name),
  hooks: RebuildHooks = {},
): Promise<RebuildProgress[]> {
  const readModels = new SqliteReadModelStore(readModelsPath);
  try {
    const projector = new ReadModelProjector(store, readModels, REVIEW_READ_MODELS);
    const done: RebuildProgress[] = [];
    for (const name of names) {
      const progress = await projector.rebuild(name, hooks.onProgress);
      hooks.onDone?.(progress);
      done.push(progress);
    }
    return done;
  } finally {
    readModels.close();
  }
}
