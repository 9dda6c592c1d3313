import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FORMAT_VERSION, MANIFEST_FILE, parseManifest, serializeManifestJson, sha256Hex } from '../../shared/artifact';
import type { ArtifactFileEntry, ArtifactManifest } from '../../shared/artifact';
import { replaceDirectory } from '../io/replace-directory';
import { writeFileAtomic } from '../io/write-file-atomic';

/** Everything a manifest says besides its format version and file list. */
export type ManifestFields = Omit<ArtifactManifest, 'formatVersion' | 'files'>;

/**
 * Writes `files` plus a `manifest.json` listing each one's size and sha256 to `outDir`. The
 * manifest is validated with `parseManifest` before anything touches the disk; everything is
 * written into a staging directory and swapped in at the end, so `outDir` never holds a
 * half-written artifact. Returns the manifest written.
 */
export async function writeArtifactDir(
  outDir: string,
  files: ReadonlyArray<readonly [path: string, bytes: Uint8Array]>,
  fields: ManifestFields,
): Promise<ArtifactManifest> {
  const entries: ArtifactFileEntry[] = [];
  for (const [path, bytes] of files) entries.push({ path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
  const manifest = parseManifest({ formatVersion: FORMAT_VERSION, ...fields, files: entries });

  const staged = `${outDir}.staging-${process.pid}-${Date.now()}`;
  await mkdir(staged, { recursive: true });
  try {
    for (const [path, bytes] of files) await writeFileAtomic(join(staged, path), bytes);
    await writeFileAtomic(join(staged, MANIFEST_FILE), serializeManifestJson(manifest));
    await replaceDirectory(staged, outDir);
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
  return manifest;
}
