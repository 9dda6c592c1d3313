import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadImageFolder } from '../../../trainer/data/load-image-folder';
import type { LoadImageFolderOptions } from '../../../trainer/data/load-image-folder';
import { makeShapesFolder } from '../../helpers/make-shapes-folder';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-folder-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(overrides: Partial<LoadImageFolderOptions> = {}): LoadImageFolderOptions {
  return { testSplit: 0.25, seed: 1, cacheDir: join(dir, 'cache'), maxPixels: 1_000_000, ...overrides };
}

describe('loadImageFolder', () => {
  it('should read PNG and JPEG of odd sizes, keep label names as given, skip a corrupt file', async () => {
    const data = join(dir, 'data');
    await makeShapesFolder(data, { classes: { 'red disc ✓': 'disc', 'grüne Box': 'square' }, perClass: 8, seed: 2, mixFormats: true });
    await writeFile(join(data, 'grüne Box', 'broken.png'), Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2, 3));

    const dataset = await loadImageFolder(data, options());
    expect(dataset.labels).toEqual(['grüne Box', 'red disc ✓']);
    expect(dataset.input).toEqual({ height: 32, width: 32, channels: 3 });
    expect(dataset.skipped).toHaveLength(1);
    expect(dataset.skipped[0]?.path).toBe(join(data, 'grüne Box', 'broken.png'));
    // Stratified: 25% of each class's 8 images held out.
    expect(dataset.test.count).toBe(4);
    expect(dataset.train.count).toBe(12);
    expect(Array.from(dataset.test.targets).sort()).toEqual([0, 0, 1, 1]);
    expect(dataset.train.pixels.length).toBe(12 * 32 * 32 * 3);
    expect(dataset.test.sources?.every((source) => source.startsWith(data))).toBe(true);
    expect(dataset.cacheHit).toBe(false);
  });

  it('should reuse the prepared cache on a re-run and miss it when a file changes', async () => {
    const data = join(dir, 'data');
    const files = await makeShapesFolder(data, { classes: { a: 'disc', b: 'cross' }, perClass: 5, seed: 3 });
    const first = await loadImageFolder(data, options());
    const second = await loadImageFolder(data, options());
    expect(second.cacheHit).toBe(true);
    expect(second.train.pixels).toEqual(first.train.pixels);
    const touched = files.a?.[0] ?? '';
    await utimes(touched, new Date(), new Date(Date.now() + 5_000));
    expect((await loadImageFolder(data, options())).cacheHit).toBe(false);
  });

  it('should infer gray 28×28 for an all-gray folder, and honour an explicit size', async () => {
    const data = join(dir, 'gray');
    await makeShapesFolder(data, { classes: { one: 'disc', two: 'ring' }, perClass: 4, seed: 4, gray: true, mixFormats: true });
    expect((await loadImageFolder(data, options())).input).toEqual({ height: 28, width: 28, channels: 1 });
    const sized = await loadImageFolder(data, options({ size: { height: 20, width: 24 }, channels: 3 }));
    expect(sized.input).toEqual({ height: 20, width: 24, channels: 3 });
  });

  it('should use train/ and test/ subfolders when present', async () => {
    await makeShapesFolder(join(dir, 'split', 'train'), { classes: { a: 'disc', b: 'square' }, perClass: 6, seed: 5 });
    await makeShapesFolder(join(dir, 'split', 'test'), { classes: { a: 'disc', b: 'square' }, perClass: 2, seed: 6 });
    const dataset = await loadImageFolder(join(dir, 'split'), options());
    expect([dataset.train.count, dataset.test.count]).toEqual([12, 4]);
  });

  it('should refuse a single class and a class without images', async () => {
    await makeShapesFolder(join(dir, 'one'), { classes: { only: 'disc' }, perClass: 2, seed: 7 });
    await expect(loadImageFolder(join(dir, 'one'), options())).rejects.toThrow('need at least 2 class folders, found 1 (only)');
    await makeShapesFolder(join(dir, 'empty'), { classes: { a: 'disc' }, perClass: 2, seed: 8 });
    await makeShapesFolder(join(dir, 'empty'), { classes: { b: 'disc' }, perClass: 0, seed: 8 });
    await expect(loadImageFolder(join(dir, 'empty'), options())).rejects.toThrow('class "b" has no .png/.jpg/.jpeg files');
  });
});
