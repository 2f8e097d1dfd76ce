// CPU time a process has used, all its threads together (JIT compilers and the garbage collector
// included), from Linux's /proc/<pid>/stat. A server's CPU time per request is less disturbed by other
// work on the machine than its requests/s, which count time it waited for a core.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** utime + stime, in clock ticks, from the text of /proc/<pid>/stat; undefined when it does not parse. */
export function parseCpuTicks(stat: string): number | undefined {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
  const end = stat.lastIndexOf(')');
  if (end === -1) return undefined;
  const fields = stat.slice(end + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isInteger(utime) && Number.isInteger(stime) ? utime + stime : undefined;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** The CPU seconds process `pid` has used so far, or undefined where /proc is not available. */
export function cpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const ticks = parseCpuTicks(stat);
  return ticks === undefined ? undefined : ticks / clockTicks();
}
