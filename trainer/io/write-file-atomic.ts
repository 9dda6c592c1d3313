import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes `data` to `path` so that readers see either the old file or the whole new one:
 * write a sibling temp file, fsync it, rename it over `path`.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}
