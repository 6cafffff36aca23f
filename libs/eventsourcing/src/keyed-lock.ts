/**
 * Runs work for one key after the work queued before it for that key has settled. Commands on
 * one stream in one process then take turns instead of racing: under group commit, a hundred
 * identical alerts would otherwise all read one revision, one would win, and the rest would
 * retry again and again (quadratic). Other processes are still kept apart by the expected revision.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return current;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
