/** Where a command writes: its output (stdout) and what a person watches (stderr, a progress bar when it is a terminal). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: a bar redrawn in place; otherwise a line now and then. */
  tty: boolean;
}

export const processIo = (): CliIo => ({
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  tty: Boolean(process.stderr.isTTY),
});

const WIDTH = 30;
const rate = (events: number, ms: number): number => Math.round(events / Math.max(ms / 1000, 0.001));

/**
 * A progress bar with events per second for a rebuild: `analytics [######------] 1200/3000 events, 5400 events/s`.
 * Redrawn in place (at most every 100 ms) on a terminal; a line per tenth done otherwise, so a log stays short.
 */
export function progressBar(io: CliIo, name: string, now: () => number = Date.now) {
  const started = now();
  let drawn = -Infinity;
  let lastTenth = -1;
  const line = (applied: number, total: number) => {
    const done = total === 0 ? 1 : applied / total;
    const filled = Math.round(done * WIDTH);
    return `${name} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${applied}/${total} events, ${rate(applied, now() - started)} events/s`;
  };
  return {
    update(applied: number, total: number): void {
      if (io.tty) {
        if (now() - drawn < 100 && applied < total) return;
        drawn = now();
        io.err(`\r${line(applied, total)}`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((applied / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        io.err(`${line(applied, total)}\n`);
      }
    },
    /** The summary, on stdout: what was rebuilt, how many events, how fast. */
    finish(applied: number): void {
      const ms = now() - started;
      if (io.tty) io.err('\n');
      io.out(`${name}: ${applied} events replayed in ${(ms / 1000).toFixed(2)} s (${rate(applied, ms)} events/s)\n`);
    },
  };
}
