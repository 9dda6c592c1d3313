import { basename } from 'node:path';
import { MODEL_NAME_PATTERN } from '../../shared/artifact/model-contract';
import { configHash } from './config-hash';
import type { TrainConfig } from './train-config';

/** Where the committed default model lives (the worker bundles it). */
export const COMMITTED_MODEL_DIR = 'models/mnist';

/**
 * The model name a dataset gives: `mnist` for MNIST, else the IDX or image folder's own name made
 * a valid model name (lowercase; runs of other characters become `-`; at most 64), or `model`.
 *
 * @example
 * defaultModelName('photos/'); // 'photos'
 * defaultModelName('idx:data/Fashion MNIST'); // 'fashion-mnist'
 */
export function defaultModelName(data: string): string {
  if (data === 'mnist') return 'mnist';
  const dir = data.startsWith('idx:') ? data.slice('idx:'.length) : data;
  const folder = basename(dir.replace(/[/\\]+$/, ''));
  const name = folder
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return MODEL_NAME_PATTERN.test(name) ? name : 'model';
}

/**
 * The default artifact directory of a run: `models/<name>`; but `models/mnist` only for the
 * default MNIST run (`configHash` equal to `defaultMnistHash`), so another run named `mnist`
 * never overwrites the committed model: it gets `models/mnist-<its config hash>`.
 */
export function defaultOutDir(config: Omit<TrainConfig, 'out'>, defaultMnistHash: string): string {
  const out = `models/${config.name}`;
  if (out !== COMMITTED_MODEL_DIR) return out;
  const hash = configHash({ ...config, out });
  return hash === defaultMnistHash ? out : `${out}-${hash.slice(0, 8)}`;
}
