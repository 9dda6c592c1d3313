import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadImageFolder } from '../../../trainer/data/load-image-folder';
import { encodeBlockJpeg, orientedJpegs, UPRIGHT_COLOR_BLOCKS } from '../../helpers/block-jpeg';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-exif-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The upright grid mirrored, so the two classes differ. */
const OTHER_BLOCKS = UPRIGHT_COLOR_BLOCKS.map((row) => [...row].reverse());

describe('loadImageFolder with EXIF-oriented JPEGs', () => {
  it('should prepare every one of the 8 orientations to the upright image’s pixels', async () => {
    const data = join(dir, 'data');
    for (const [label, grid] of [['a', UPRIGHT_COLOR_BLOCKS], ['b', OTHER_BLOCKS]] as const) {
      await mkdir(join(data, label), { recursive: true });
      await writeFile(join(data, label, 'upright.jpg'), encodeBlockJpeg(grid));
      for (const [index, jpeg] of orientedJpegs(grid).entries()) await writeFile(join(data, label, `exif-${index + 1}.jpg`), jpeg);
    }
    const dataset = await loadImageFolder(data, { testSplit: 0, seed: 1, cacheDir: join(dir, 'cache'), maxPixels: 1_000_000, size: { height: 12, width: 20 } });
    expect(dataset.preprocessing.orientation).toBe('exif');
    expect(dataset.train.count).toBe(18);
    const bytes = 12 * 20 * 3;
    const imageOf = (path: string) => {
      const row = dataset.train.sources?.indexOf(path) ?? -1;
      expect(row, path).toBeGreaterThanOrEqual(0);
      return Array.from(dataset.train.pixels.subarray(row * bytes, (row + 1) * bytes));
    };
    for (const label of ['a', 'b']) {
      const upright = imageOf(join(data, label, 'upright.jpg'));
      for (let orientation = 1; orientation <= 8; orientation++) {
        expect(imageOf(join(data, label, `exif-${orientation}.jpg`)), `${label} orientation ${orientation}`).toEqual(upright);
      }
    }
    expect(imageOf(join(data, 'a', 'upright.jpg'))).not.toEqual(imageOf(join(data, 'b', 'upright.jpg')));
  });
});
