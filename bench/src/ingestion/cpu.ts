import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Waits until a process has drained the work a load left behind (reactors, relay to Kafka), so
 * that work is not billed to the next measurement. Returns the seconds it took (capped).
 */
export async function settle(pids: number[], maxSeconds = 30, idleShare = 0.05): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < maxSeconds * 1000) {
    const before = pids.map(cpuSeconds);
    await sleep(500);
    const used = pids.map((pid, i) => cpuSeconds(pid) - before[i]);
    if (used.every((seconds) => seconds / 0.5 < idleShare)) break;
  }
  return (Date.now() - start) / 1000;
}
