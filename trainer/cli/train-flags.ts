import type { FlagSpec } from './parse-cli-flags';

/** The `npm run train` flags and the TrainConfig keys they set. */
export const TRAIN_FLAGS: readonly FlagSpec[] = [
  { flag: 'epochs', key: 'epochs', kind: 'integer', description: 'passes over the training set' },
  { flag: 'batch-size', key: 'batchSize', kind: 'integer', description: 'examples per optimizer step' },
  { flag: 'lr', key: 'lr', kind: 'number', description: 'peak Adam learning rate (warm-up, then cosine decay)' },
  { flag: 'warmup-steps', key: 'warmupSteps', kind: 'integer', description: 'linear warm-up steps' },
  { flag: 'seed', key: 'seed', kind: 'integer', description: 'seed for init, shuffling and everything random' },
  { flag: 'out', key: 'out', kind: 'string', description: 'artifact output directory' },
  { flag: 'backend', key: 'backend', kind: 'string', description: 'auto | wasm | cpu | tfjs-node | tfjs-node-gpu' },
  { flag: 'max-steps', key: 'maxSteps', kind: 'integer', description: 'stop after N optimizer steps (0 = no limit)' },
  { flag: 'train-limit', key: 'trainLimit', kind: 'integer', description: 'use only the first N training images (0 = all)' },
  { flag: 'test-limit', key: 'testLimit', kind: 'integer', description: 'use only the first N test images (0 = all)' },
  { flag: 'name', key: 'name', kind: 'string', description: 'model name in the manifest and the API' },
  { flag: 'version', key: 'version', kind: 'string', description: 'model version in the manifest' },
  { flag: 'progress', key: 'progress', kind: 'boolean', description: 'show progress (--no-progress to hide)' },
];
