import { readFileSync, readdirSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ), 100 on Linux. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) the direct children of this process used so far: the services the
 * suite started. Linux only (/proc); undefined elsewhere.
 */
export function childrenCpuMs(): number | undefined {
  try {
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks / TICKS_PER_SECOND) * 1000;
  } catch {
    return undefined;
  }
}
