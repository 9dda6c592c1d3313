import type { InputSpec, PreprocessSpec } from '../../shared/preprocess';
import { resolveTrainConfig } from '../config/train-config';
import type { DatasetSplit } from '../data/dataset';
import { loadDataset } from '../data/load-dataset';
import type { ParityData } from '../export/choose-quantization';
import { ImportError } from './import-error';

/** Which images the parity gate of an import measures on. */
export interface ParityDataOptions {
  /** `mnist`, `idx:<dir>` or an image folder (its `test/` split, or every image). */
  data: string;
  /** Use only the first N images (0 = all). */
  limit: number;
  cacheDir?: string;
}

/**
 * Loads held-out images for the parity gate of an imported model, prepared for its input spec
 * and normalized with its preprocessing. The data's classes are matched to the model's labels by
 * name (a folder's classes come sorted; the model's order is its output order); a class the
 * model does not know is an `ImportError`.
 */
export async function loadParityData(options: ParityDataOptions, input: InputSpec, labels: readonly string[], preprocessing: PreprocessSpec): Promise<ParityData> {
  const { data, limit } = options;
  const dataset = await loadDataset(
    resolveTrainConfig({
      data,
      inputSize: `${input.height}x${input.width}`,
      channels: input.channels,
      valSplit: 0,
      testSplit: 0,
      trainLimit: limit,
      testLimit: limit,
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    }),
  ).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportError(message.startsWith('--data') ? message : `--data ${data}: ${message}`);
  });
  const toModel = dataset.labels.map((label) => labels.indexOf(label));
  const unknown = dataset.labels.filter((_, index) => toModel[index] === -1);
  if (unknown.length > 0) {
    throw new ImportError(`--data ${data}: class${unknown.length > 1 ? 'es' : ''} ${unknown.map((label) => `"${label}"`).join(', ')} not among the model's labels [${labels.join(', ')}]`);
  }
  const held = dataset.test.count > 0 ? dataset.test : dataset.train;
  const split: DatasetSplit = { ...held, targets: held.targets.map((target) => toModel[target] ?? target) };
  return { dataset: dataset.name, split: dataset.test.count > 0 ? 'test' : 'all', data: split, preprocessing };
}
