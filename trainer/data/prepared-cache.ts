import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { PreprocessSpec } from '../../shared/preprocess';
import { writeFileAtomic } from '../io/write-file-atomic';
import type { ScannedFile } from './scan-image-folder';

/** Every example of a folder dataset, prepared to 8-bit model input, in scan order. */
export interface PreparedImages {
  /** [count, h, w, c] prepared 8-bit pixels. */
  pixels: Uint8Array;
  /** Index into `files` of each prepared example. */
  fileIndex: Uint32Array;
  /** Files that could not be decoded: path and reason. */
  skipped: { path: string; reason: string }[];
}

const metaSchema = z.object({
  key: z.string(),
  count: z.number().int().nonnegative(),
  bytesPerImage: z.number().int().positive(),
  fileIndex: z.array(z.number().int().nonnegative()),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
});

/** Cache version: bump when the cache layout or preprocessing algorithm changes. */
const CACHE_VERSION = 1;

/**
 * The cache key of a folder: every file's path, size and mtime, and the preprocessing spec. Any
 * change to a file or to the spec gives a new key (a new cache entry).
 */
export function preparedCacheKey(files: readonly ScannedFile[], spec: PreprocessSpec | 'channels'): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version: CACHE_VERSION, spec }));
  for (const file of files) hash.update(`\n${file.path}\t${file.bytes}\t${file.mtimeMs}`);
  return hash.digest('hex').slice(0, 32);
}

/** Reads the cache entry `key` from `cacheDir`, or undefined when absent or unreadable. */
export async function readPreparedCache(cacheDir: string, key: string, bytesPerImage: number): Promise<PreparedImages | undefined> {
  try {
    const meta = metaSchema.parse(JSON.parse(await readFile(join(cacheDir, `${key}.json`), 'utf8')));
    const pixels = new Uint8Array(await readFile(join(cacheDir, `${key}.bin`)));
    if (meta.key !== key || meta.bytesPerImage !== bytesPerImage || pixels.byteLength !== meta.count * bytesPerImage) return undefined;
    return { pixels, fileIndex: Uint32Array.from(meta.fileIndex), skipped: meta.skipped };
  } catch {
    return undefined;
  }
}

/** Writes a cache entry atomically (pixels first, then the metadata that makes it valid). */
export async function writePreparedCache(cacheDir: string, key: string, bytesPerImage: number, prepared: PreparedImages): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  await writeFileAtomic(join(cacheDir, `${key}.bin`), prepared.pixels);
  const meta = { key, count: prepared.fileIndex.length, bytesPerImage, fileIndex: Array.from(prepared.fileIndex), skipped: prepared.skipped };
  await writeFileAtomic(join(cacheDir, `${key}.json`), JSON.stringify(meta));
}

/** Remembers the channel count inferred for a set of files (so a cache hit decodes nothing). */
export async function cachedChannels(
  cacheDir: string,
  files: readonly ScannedFile[],
  infer: () => Promise<1 | 3>,
): Promise<{ channels: 1 | 3; cached: boolean }> {
  const key = preparedCacheKey(files, 'channels'); // a key over the files alone
  const path = join(cacheDir, `${key}.channels.json`);
  try {
    const { channels } = z.object({ channels: z.union([z.literal(1), z.literal(3)]) }).parse(JSON.parse(await readFile(path, 'utf8')));
    return { channels, cached: true };
  } catch {
    const channels = await infer();
    await mkdir(cacheDir, { recursive: true });
    await writeFileAtomic(path, JSON.stringify({ channels }));
    return { channels, cached: false };
  }
}
