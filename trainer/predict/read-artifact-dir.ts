import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactSource } from '../../shared/artifact';

/** Reads every file of an artifact directory into an `ArtifactSource` (validation happens on load). */
export async function readArtifactDir(dir: string): Promise<ArtifactSource> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new Error(`cannot read artifact directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const files = new Map<string, Uint8Array>();
  for (const name of names) files.set(name, new Uint8Array(await readFile(join(dir, name))));
  return { origin: dir, files };
}
