import { describe, expect, it } from 'vitest';
import { configHash } from '../../../trainer/config/config-hash';
import { defaultModelName } from '../../../trainer/config/default-names';
import { resolveTrainConfig } from '../../../trainer/config/train-config';

describe('defaultModelName', () => {
  it('should name a model after its data', () => {
    expect(defaultModelName('mnist')).toBe('mnist');
    expect(defaultModelName('photos/')).toBe('photos');
    expect(defaultModelName('/data/sets/Fashion MNIST')).toBe('fashion-mnist');
    expect(defaultModelName('idx:node_modules/some/Fashion_MNIST/')).toBe('fashion_mnist');
    expect(defaultModelName('.cache/--Pets & Plants!')).toBe('pets-plants');
    expect(defaultModelName('Café')).toBe('cafe');
    expect(defaultModelName('写真')).toBe('model');
  });
});

describe('resolveTrainConfig names and outputs', () => {
  it('should write the default MNIST run, and only it, to the committed models/mnist', () => {
    expect(resolveTrainConfig({})).toMatchObject({ name: 'mnist', out: 'models/mnist' });
    // Settings that do not change the model keep the default output.
    expect(resolveTrainConfig({ threads: 1, progress: false, runDir: 'runs/x' }).out).toBe('models/mnist');
    const shorter = resolveTrainConfig({ epochs: 2 });
    expect(shorter.name).toBe('mnist');
    expect(shorter.out).toBe(`models/mnist-${configHash(shorter).slice(0, 8)}`);
    expect(resolveTrainConfig({ data: 'photos', name: 'mnist' }).out).toMatch(/^models\/mnist-[0-9a-f]{8}$/);
  });

  it('should default name and out to the data folder', () => {
    expect(resolveTrainConfig({ data: 'photos/' })).toMatchObject({ name: 'photos', out: 'models/photos' });
    expect(resolveTrainConfig({ data: 'idx:data/fashion' })).toMatchObject({ name: 'fashion', out: 'models/fashion' });
    expect(resolveTrainConfig({ data: 'photos/', name: 'pets' })).toMatchObject({ name: 'pets', out: 'models/pets' });
  });

  it('should keep an explicit --out', () => {
    expect(resolveTrainConfig({ data: 'photos', out: 'elsewhere/pets' }).out).toBe('elsewhere/pets');
  });

  it('should still refuse an invalid name by its rule', () => {
    expect(() => resolveTrainConfig({ name: 'Pets!' })).toThrow(/invalid value for "name"/);
  });
});
