/**
 * How fast the CPU is for us right now: the seconds a fixed pure-JavaScript
 * loop takes in a fresh `node`. On a VM the host's other guests take CPU
 * that neither the load average nor (on Firecracker) the steal counter
 * shows: in one session the same `audit` of 10,000 revisions took 1.20 s and,
 * 15 minutes later, 1.55 s, with nothing else running and a load average
 * under 1.5. Timed at the start and the end of a run, this loop says which
 * figures of two runs can be compared.
 */
import { spawnSync } from 'node:child_process';

const LOOP = 'let x = 0; for (let i = 0; i < 1e8; i++) x += i; if (x < 0) console.log(x);';

/** Median of three runs, in seconds. */
export function cpuReference(): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-e', LOOP], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`the CPU reference loop exited with ${r.status ?? r.signal}`);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return times.sort((a, b) => a - b)[1]!;
}
