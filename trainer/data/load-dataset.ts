import { DEFAULT_MAX_PIXELS } from '../../shared/preprocess';
import type { ChannelCount } from '../../shared/preprocess';
import type { TrainConfig } from '../config/train-config';
import { ConfigError } from '../config/train-config';
import { carveValidation } from './carve-validation';
import type { Dataset } from './dataset';
import { loadIdxDir } from './load-idx-dir';
import type { PrepareProgress } from './load-idx-dir';
import { loadImageFolder } from './load-image-folder';
import { loadMnist } from './load-mnist';

/** `HxW` → sizes, or undefined for ''. */
export function parseInputSize(text: string): { height: number; width: number } | undefined {
  if (text === '') return undefined;
  const [height = 0, width = 0] = text.split('x').map(Number);
  if (height < 1 || width < 1) throw new ConfigError(`invalid value for "inputSize": ${text} (need HxW, both ≥ 1)`);
  return { height, width };
}

/**
 * The dataset `config.data` names: `mnist`, `idx:<dir>`, or an image folder, with `valSplit` of
 * its training data held out for validation. Input size and channels come from the config when
 * given, else from the data.
 */
export async function loadDataset(config: TrainConfig, onProgress?: PrepareProgress): Promise<Dataset> {
  return carveValidation(await loadSource(config, onProgress), config.valSplit, config.seed);
}

/** The source `config.data` names, with its train and test splits (and the limits applied). */
async function loadSource(config: TrainConfig, onProgress?: PrepareProgress): Promise<Dataset> {
  const size = parseInputSize(config.inputSize);
  const channels: ChannelCount | undefined = config.channels === 0 ? undefined : config.channels;
  const limits = { trainLimit: config.trainLimit, testLimit: config.testLimit, ...(onProgress ? { onProgress } : {}) };
  const idxInput = size || channels ? { height: size?.height ?? 28, width: size?.width ?? 28, channels: channels ?? 1 } : undefined;
  if (config.data === 'mnist') return loadMnist({ ...limits, ...(idxInput ? { input: idxInput } : {}) });
  if (config.data.startsWith('idx:')) {
    const dir = config.data.slice('idx:'.length);
    return loadIdxDir(dir, dir.split('/').filter(Boolean).pop() ?? 'idx', { ...limits, ...(idxInput ? { input: idxInput } : {}) });
  }
  // The photo model wants photo-sized input; the other models' defaults come from the data.
  const folderSize = size ?? (config.model === 'mobilenet-v2' ? { height: 96, width: 96 } : undefined);
  const dataset = await loadImageFolder(config.data, {
    ...(folderSize ? { size: folderSize } : {}),
    ...(channels ? { channels } : {}),
    testSplit: config.testSplit,
    seed: config.seed,
    cacheDir: config.cacheDir,
    maxPixels: DEFAULT_MAX_PIXELS,
    ...(onProgress ? { onProgress } : {}),
  });
  const limit = (split: Dataset['train'], n: number) => {
    if (n <= 0 || n >= split.count) return split;
    const bytes = split.pixels.length / split.count;
    return { pixels: split.pixels.slice(0, n * bytes), targets: split.targets.slice(0, n), count: n, ...(split.sources ? { sources: split.sources.slice(0, n) } : {}) };
  };
  return { ...dataset, train: limit(dataset.train, config.trainLimit), test: limit(dataset.test, config.testLimit) };
}
