import { describe, expect, it } from 'vitest';
import { carveValidation } from '../../../trainer/data/carve-validation';
import type { Dataset, DatasetSplit } from '../../../trainer/data/dataset';
import { defaultPreprocessSpec } from '../../../shared/preprocess';

/** `count` one-pixel images whose pixel is their index, labels cycling over `classes`. */
function split(count: number, classes: number): DatasetSplit {
  return {
    pixels: Uint8Array.from({ length: count }, (_, index) => index),
    targets: Uint8Array.from({ length: count }, (_, index) => index % classes),
    count,
    sources: Array.from({ length: count }, (_, index) => `img-${index}.png`),
  };
}

function dataset(train: DatasetSplit): Dataset {
  const input = { height: 1, width: 1, channels: 1 as const };
  return { name: 't', labels: ['a', 'b', 'c'], input, preprocessing: defaultPreprocessSpec(input), train, test: split(3, 3), skipped: [], cacheHit: false };
}

describe('carveValidation', () => {
  it('should hold out the fraction of every class, seeded, without overlap, and keep each image with its label and source', () => {
    const carved = carveValidation(dataset(split(90, 3)), 0.2, 7);
    const validation = carved.validation;
    expect(validation?.count).toBe(18);
    expect(carved.train.count).toBe(72);
    for (const label of [0, 1, 2]) expect(validation?.targets.filter((target) => target === label).length).toBe(6);
    const trainIds = new Set(carved.train.pixels);
    expect(Array.from(validation?.pixels ?? []).some((id) => trainIds.has(id))).toBe(false);
    Array.from(validation?.pixels ?? []).forEach((id, row) => {
      expect(validation?.targets[row]).toBe(id % 3);
      expect(validation?.sources?.[row]).toBe(`img-${id}.png`);
    });
    expect(carveValidation(dataset(split(90, 3)), 0.2, 7).validation?.pixels).toEqual(validation?.pixels);
    expect(carveValidation(dataset(split(90, 3)), 0.2, 8).validation?.pixels).not.toEqual(validation?.pixels);
    expect(carved.test.count).toBe(3); // the test split is left alone
  });

  it('should leave no validation split for a fraction of 0', () => {
    const carved = carveValidation(dataset(split(30, 3)), 0, 7);
    expect(carved.validation).toBeUndefined();
    expect(carved.train.count).toBe(30);
  });
});
