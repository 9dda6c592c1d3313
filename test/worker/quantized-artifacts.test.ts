import { describe, expect, inject, it } from 'vitest';
import { loadServedModel, predictScores } from '../../shared/model';
import { DEFAULT_MAX_PIXELS, preprocessImage } from '../../shared/preprocess';
import { ensureBackend } from '../../worker/inference/ensure-backend';
import { bytesOf } from './provided-context';
import './provided-context';

describe('every export format, trained and exported in Node, served in workerd', () => {
  it('should cover uint8, uint16, float16 and none', () => {
    expect(inject('quantizedArtifacts').map((artifact) => artifact.format)).toEqual(['uint8', 'uint16', 'float16', 'none']);
  });

  it.each(['uint8', 'uint16', 'float16', 'none'])('should give the same scores as Node for %s weights', async (format) => {
    await ensureBackend();
    const artifact = inject('quantizedArtifacts').find((candidate) => candidate.format === format);
    if (artifact === undefined) throw new Error(`no ${format} artifact`);
    const served = await loadServedModel({ origin: `test:${format}`, files: new Map(artifact.files.map((file) => [file.name, bytesOf(file)])) });
    expect(served.manifest.quantization?.format).toBe(format);
    const spec = { input: served.manifest.input, ...served.manifest.preprocessing };
    const digits = inject('digits');
    const scores = await predictScores(served, digits.map((digit) => preprocessImage(bytesOf(digit), spec, { maxPixels: DEFAULT_MAX_PIXELS })));
    scores.forEach((row, index) => {
      const expected = artifact.nodeScores[index] ?? [];
      row.forEach((score, cls) => expect(Math.abs(score - (expected[cls] ?? Number.NaN)), `${digits[index]?.name} class ${cls}`).toBeLessThan(1e-5));
    });
    served.model.dispose();
  });
});
