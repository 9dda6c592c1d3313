import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_TRAIN_CONFIG, resolveTrainConfig } from '../../../trainer/config/train-config';

describe('resolveTrainConfig', () => {
  it('should fill every default', () => {
    const config = resolveTrainConfig({});
    expect(config).toEqual(DEFAULT_TRAIN_CONFIG);
    expect(config.data).toBe('mnist');
    expect(config.out).toBe('models/mnist');
    expect(config.name).toBe('mnist');
    expect(config.quantize).toBe('auto');
  });

  it('should keep given values', () => {
    expect(resolveTrainConfig({ epochs: 2, lr: 0.01 })).toMatchObject({ epochs: 2, lr: 0.01 });
  });

  it('should refuse an unknown key by name', () => {
    expect(() => resolveTrainConfig({ epoch: 2 })).toThrow(new ConfigError('unknown option "epoch"'));
  });

  it('should name the key with an invalid value', () => {
    expect(() => resolveTrainConfig({ batchSize: 0 })).toThrow(/invalid value for "batchSize"/);
    expect(() => resolveTrainConfig({ backend: 'gpu' })).toThrow(/invalid value for "backend"/);
  });
});
