import { EventStore, wroteAny } from '@linchpin/eventsourcing';
import { ReadModel, ReadModelStore } from './read-model.port';

export interface RebuildProgress {
  model: string;
  /** Events of the model's streams applied so far. */
  applied: number;
  /** How many there are (counted before replaying). */
  total: number;
}

/**
 * Keeps review's read models in step with review's own store: each model reads the log after its own checkpoint
 * (`readAll` filtered by its stream prefixes, in pages), and a page is applied with the checkpoint in one transaction.
 * A model added later starts with no checkpoint, so it is computed over all past history by replay. Live processing
 * and a rebuild run the same code, so they yield the same rows. Reads call `current()` first: they see every event
 * the store held when they asked (as the kernel's ProjectionFeed).
 */
export class ReadModelProjector {
  private catchingUp?: Promise<void>;
  private again = false;
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    readonly models: readonly ReadModel[],
    private readonly pageSize = 500,
  ) {
    for (const model of models) readModels.ensure(model);
  }

  /** Follows the store: after each local append to a model's streams and every `pollMs` (another process may append, e.g. a CLI). */
  start(onError: (error: unknown) => void, pollMs = 1000): void {
    const follow = () => void this.current().catch(onError);
    const prefixes = this.models.flatMap((model) => model.streamPrefixes);
    this.unsubscribe = this.store.onAppend?.((streams) => {
      if (wroteAny(streams, prefixes)) follow();
    });
    this.timer = setInterval(follow, pollMs);
    this.timer.unref();
    follow();
  }

  stop(): Promise<void> {
    this.unsubscribe?.();
    clearInterval(this.timer);
    return this.catchingUp ?? Promise.resolve();
  }

  /** Applies everything stored beyond each model's checkpoint; concurrent callers share one catch-up (and one more after it). */
  current(): Promise<void> {
    if (this.catchingUp) {
      this.again = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      do {
        this.again = false;
        for (const model of this.models) await this.catchUp(model);
      } while (this.again);
    })().finally(() => (this.catchingUp = undefined));
    return this.catchingUp;
  }

  /** Drops the model's tables and replays its streams from the start of the log. */
  async rebuild(name: string, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    const model = this.models.find((m) => m.name === name);
    if (!model) throw new Error(`no read model named ${name} (known: ${this.models.map((m) => m.name).join(', ')})`);
    await this.catchingUp?.catch(() => undefined);
    const total = await this.count(model);
    this.readModels.reset(model);
    const progress = { model: model.name, applied: 0, total };
    onProgress?.({ ...progress });
    await this.catchUp(model, (applied) => {
      progress.applied += applied;
      onProgress?.({ ...progress });
    });
    return progress;
  }

  private async catchUp(model: ReadModel, onPage?: (applied: number) => void): Promise<void> {
    for (;;) {
      const after = this.readModels.checkpoint(model.name);
      const page = await this.store.readAll({ after, filter: { streamPrefixes: [...model.streamPrefixes] }, limit: this.pageSize });
      const endOfLog = page.length < this.pageSize;
      const { applied, stale } = this.readModels.applyInOrder(model, { after, events: page, endOfLog });
      onPage?.(applied);
      if (endOfLog && !stale) return;
    }
  }

  private async count(model: ReadModel): Promise<number> {
    // Counting by reading every event cost as much as the replay itself.
    if (this.store.count) return this.store.count({ filter: { streamPrefixes: [...model.streamPrefixes] } });
    let total = 0;
    let after: number | undefined;
    for (;;) {
      const page = await this.store.readAll({ after, filter: { streamPrefixes: [...model.streamPrefixes] }, limit: this.pageSize });
      total += page.length;
      if (page.length < this.pageSize) return total;
      after = page[page.length - 1].position;
    }
  }
}
