import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeImage, ImageError } from '../../../shared/preprocess';
import { loadImageFolder } from '../../../trainer/data/load-image-folder';
import { hostileImages, jpegVariantSeeds, pngVariantSeeds } from '../../helpers/hostile-image-corpus';
import { mutatedImage } from '../../helpers/mutate-image';

const DIGITS = join(import.meta.dirname, '..', '..', 'fixtures', 'digits');
const MAX_PIXELS = 4_000_000;
/** Mutated files per format written into the folder. */
const MUTATED_PER_FORMAT = 60;

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-hostile-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function digitBytes(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(DIGITS, name)));
}

function decodes(bytes: Uint8Array): boolean {
  try {
    decodeImage(bytes, { maxPixels: MAX_PIXELS });
    return true;
  } catch (error) {
    if (error instanceof ImageError) return false;
    throw error;
  }
}

describe('loadImageFolder with hostile files', () => {
  it('should load the valid and decodable files, and skip and list exactly the undecodable ones', async () => {
    const data = join(dir, 'data');
    const classes = ['sevens', 'twos'];
    for (const label of classes) await mkdir(join(data, label), { recursive: true });
    // Valid: the 7 and the 2 of MNIST's first test images, as PNG and JPEG, three copies each.
    const seven = [await digitBytes('mnist-test-0-label-7.png'), await digitBytes('mnist-test-0-label-7.jpg')];
    const two = [await digitBytes('mnist-test-1-label-2.png'), await digitBytes('mnist-test-1-label-2.jpg')];
    const files: { path: string; bytes: Uint8Array }[] = [];
    for (let copy = 0; copy < 3; copy++) {
      files.push({ path: join(data, 'sevens', `valid-${copy}.png`), bytes: seven[0] as Uint8Array });
      files.push({ path: join(data, 'sevens', `valid-${copy}.jpg`), bytes: seven[1] as Uint8Array });
      files.push({ path: join(data, 'twos', `valid-${copy}.png`), bytes: two[0] as Uint8Array });
      files.push({ path: join(data, 'twos', `valid-${copy}.jpg`), bytes: two[1] as Uint8Array });
    }
    const validCount = files.length;
    // Hostile: fuzzed variants of the same files and the variants, plus every hand-made bomb.
    const pngSeeds = [seven[0] as Uint8Array, two[0] as Uint8Array, ...pngVariantSeeds()];
    const jpegSeeds = [seven[1] as Uint8Array, two[1] as Uint8Array, ...jpegVariantSeeds()];
    const mutated = [
      ...fc.sample(mutatedImage('png', pngSeeds), { numRuns: MUTATED_PER_FORMAT, seed: 9_001 }),
      ...fc.sample(mutatedImage('jpeg', jpegSeeds), { numRuns: MUTATED_PER_FORMAT, seed: 9_002 }),
    ];
    mutated.forEach(({ kind, bytes }, index) => {
      files.push({ path: join(data, classes[index % 2] as string, `mutated-${index}.${kind === 'png' ? 'png' : 'jpg'}`), bytes });
    });
    hostileImages(seven[0] as Uint8Array, seven[1] as Uint8Array).forEach(({ format, bytes }, index) => {
      files.push({ path: join(data, classes[index % 2] as string, `bomb-${index}.${format === 'png' ? 'png' : 'jpeg'}`), bytes });
    });
    for (const file of files) await writeFile(file.path, file.bytes);
    const undecodable = files.filter((file) => !decodes(file.bytes)).map((file) => file.path);

    const dataset = await loadImageFolder(data, { testSplit: 0.25, seed: 3, cacheDir: join(dir, 'cache'), maxPixels: MAX_PIXELS, channels: 1, size: { height: 28, width: 28 } });

    expect(dataset.labels).toEqual(classes);
    expect(dataset.skipped.map((entry) => entry.path).sort()).toEqual(undecodable.sort());
    for (const entry of dataset.skipped) expect(entry.reason.length, entry.path).toBeGreaterThan(0);
    expect(dataset.train.count + dataset.test.count).toBe(files.length - undecodable.length);
    // Most of the fuzzed and bomb files are refused, and every valid one loads.
    expect(undecodable.length).toBeGreaterThan(MUTATED_PER_FORMAT);
    const loaded = [...(dataset.train.sources ?? []), ...(dataset.test.sources ?? [])];
    for (const file of files.slice(0, validCount)) expect(loaded, file.path).toContain(file.path);
    expect(dataset.train.pixels.length).toBe(dataset.train.count * 28 * 28);
  });
});
