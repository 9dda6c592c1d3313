import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mnistDataDir } from '../../trainer/data/load-mnist';
import { parseIdx } from '../../trainer/data/parse-idx';
import { encodeIdx } from './encode-idx';

const FILES = { train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'], test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] } as const;

/**
 * Writes an IDX directory (MNIST's layout, for `--data idx:<dir>`) holding only the MNIST digits
 * in `digits`, relabelled 0…k−1 in that order (digits [5, 6, 7, 8, 9] become classes 0–4): the
 * first `limits.train` / `limits.test` such images of each split.
 */
export async function writeMnistSubset(dir: string, digits: readonly number[], limits: { train: number; test: number }): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const split of ['train', 'test'] as const) {
    const [imagesFile, labelsFile] = FILES[split];
    const images = parseIdx(new Uint8Array(await readFile(join(mnistDataDir(), imagesFile))), imagesFile);
    const labels = parseIdx(new Uint8Array(await readFile(join(mnistDataDir(), labelsFile))), labelsFile);
    const [, height = 28, width = 28] = images.dims;
    const size = height * width;
    const keptImages: number[] = [];
    const keptLabels: number[] = [];
    for (let index = 0; index < labels.data.length && keptLabels.length < limits[split]; index++) {
      const target = digits.indexOf(labels.data[index] ?? -1);
      if (target < 0) continue;
      keptLabels.push(target);
      for (const value of images.data.subarray(index * size, (index + 1) * size)) keptImages.push(value);
    }
    await writeFile(join(dir, imagesFile), encodeIdx([keptLabels.length, height, width], keptImages));
    await writeFile(join(dir, labelsFile), encodeIdx([keptLabels.length], keptLabels));
  }
}
