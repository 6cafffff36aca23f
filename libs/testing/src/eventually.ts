/**
 * Polls until `probe` returns a value (not undefined) and returns it, or throws "timed out waiting for
 * <what>" past the deadline (with the probe's last error, if it threw). Not a timing assertion: it only
 * bounds a wait. Polls fast at first (in-process reactors settle in milliseconds), then every 100 ms.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let delay = 10; ; delay = Math.min(delay * 2, 100)) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
