import { describe, expect, inject, it } from 'vitest';
import { ArtifactError } from '../../shared/artifact';
import { loadServedModel, predictScores } from '../../shared/model';
import { DEFAULT_MAX_PIXELS, preprocessImage } from '../../shared/preprocess';
import { bytesOf } from './provided-context';
import './provided-context';
import { ensureBackend } from '../../worker/inference/ensure-backend';

function tinySource() {
  const { files } = inject('tinyArtifact');
  return { origin: 'test:tiny', files: new Map(files.map((file) => [file.name, bytesOf(file)])) };
}

describe('artifact trained in Node, served in workerd', () => {
  it('should give the same top-1 and scores as the trainer for the same PNG bytes', async () => {
    await ensureBackend();
    const served = await loadServedModel(tinySource());
    const { nodeTop1, nodeScores } = inject('tinyArtifact');
    const digits = inject('digits');
    const spec = { input: served.manifest.input, ...served.manifest.preprocessing };
    const images = digits.map((digit) => preprocessImage(bytesOf(digit), spec, { maxPixels: DEFAULT_MAX_PIXELS }));
    const scores = await predictScores(served, images);
    scores.forEach((row, index) => {
      const top1 = Array.from(row).indexOf(Math.max(...row));
      expect(top1, digits[index]?.name).toBe(nodeTop1[index]);
      const expected = nodeScores[index] ?? [];
      row.forEach((score, cls) => expect(Math.abs(score - (expected[cls] ?? Number.NaN))).toBeLessThan(1e-5));
    });
    served.model.dispose();
  });

  it('should refuse a tampered weights file', async () => {
    const source = tinySource();
    const weights = source.files.get('weights.bin');
    if (weights === undefined) throw new Error('weights.bin missing');
    const tampered = weights.slice();
    tampered[10] = (tampered[10] ?? 0) ^ 0xff;
    source.files.set('weights.bin', tampered);
    await expect(loadServedModel(source)).rejects.toThrow(ArtifactError);
    await expect(loadServedModel(source)).rejects.toThrow(/weights\.bin sha256/);
  });
});
