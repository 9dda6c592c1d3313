import { readdir, readFile } from 'node:fs/promises';

/** Every live child process of this process, by pid (Linux: /proc/<pid>/task/<tid>/children). */
export async function childPids(): Promise<Set<number>> {
  const pids = new Set<number>();
  for (const tid of await readdir(`/proc/${process.pid}/task`)) {
    const children = await readFile(`/proc/${process.pid}/task/${tid}/children`, 'utf8').catch(() => '');
    for (const pid of children.split(/\s+/).filter(Boolean)) pids.add(Number(pid));
  }
  return pids;
}

/** The command name of `pid` (`workerd` for the runtime), or undefined once it has exited. */
export async function commandOf(pid: number): Promise<string | undefined> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined))?.trim();
}

/**
 * CPU time `pid` has used so far, summed over its threads, ms: `/proc/<pid>/task/<tid>/schedstat`
 * counts nanoseconds on a CPU (finer than the 10 ms ticks of /proc/<pid>/stat).
 */
export async function cpuTimeMs(pid: number): Promise<number> {
  let nanoseconds = 0;
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const schedstat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0');
    nanoseconds += Number(schedstat.split(' ')[0] ?? 0);
  }
  return nanoseconds / 1e6;
}
