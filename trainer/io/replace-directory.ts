import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Moves the fully written directory `staged` to `target`, replacing any previous `target`.
 * The old directory is moved aside first and removed only after the new one is in place, so a
 * crash leaves either the old or the new directory, never a mix.
 */
export async function replaceDirectory(staged: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const aside = `${target}.old-${process.pid}-${Date.now()}`;
  let movedAside = false;
  try {
    await rename(target, aside);
    movedAside = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(staged, target);
  } catch (error) {
    if (movedAside) await rename(aside, target);
    throw error;
  }
  if (movedAside) await rm(aside, { recursive: true, force: true });
}
