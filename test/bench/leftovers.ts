/**
 * Leftovers of benchmark runs that were killed before they could clean up (tsx answers a Ctrl-C
 * that the busy child does not acknowledge within 30 ms with SIGKILL). Every temporary directory
 * holds an `owner.pid` file, and every PostgreSQL database name carries the pid of its run; at the
 * next start, those whose process is gone are removed.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TMP_PREFIX = 'shoudao-bench-';
const OWNER_FILE = 'owner.pid';

/** True while a process with this pid exists on this machine. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks `dir` as this run's. */
export function claimDir(dir: string): Promise<void> {
  return writeFile(join(dir, OWNER_FILE), String(process.pid));
}

/** Removes `shoudao-bench-*` temporary directories whose owner process is gone; returns them. */
export async function removeStaleTempDirs(): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(tmpdir())) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const owner = Number(await readFile(join(dir, OWNER_FILE), 'utf8').catch(() => 'NaN'));
    // A directory without an owner file is only seconds old (the file is written right after mkdtemp) or not ours.
    if (!Number.isInteger(owner) || alive(owner)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
