import { readdir } from 'node:fs/promises';
import { MANIFEST_FILE } from '../../shared/artifact';
import { UsageError } from '../cli/parse-cli-flags';

/**
 * Refuses an output directory that an export would destroy: it may be missing, empty, or an
 * artifact (it holds `manifest.json`), which the export replaces whole. Anything else (a data
 * folder, a home directory) is a `UsageError` naming the flag, before any work starts.
 */
export async function assertArtifactTarget(dir: string, flag = '--out'): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new UsageError(`${flag} ${dir}: is a file, not a directory`);
    throw error;
  }
  if (entries.length === 0 || entries.includes(MANIFEST_FILE)) return;
  throw new UsageError(`${flag} ${dir}: holds ${entries.length} entries but no edgefuse artifact (${MANIFEST_FILE}); refusing to replace it (choose another --out)`);
}
