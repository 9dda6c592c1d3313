import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import { runTraining } from '../../../trainer/run-training';
import type { RunTrainingResult } from '../../../trainer/run-training';
import { makeShapesFolder } from '../../helpers/make-shapes-folder';

let dir = '';
let result: RunTrainingResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-shapes-'));
  const data = join(dir, 'shapes');
  await makeShapesFolder(data, { classes: { disc: 'disc', square: 'square', cross: 'cross', ring: 'ring' }, perClass: 120, seed: 11, mixFormats: true });
  result = await runTraining(
    resolveTrainConfig({
      data, model: 'mobilenet-tiny', backend: 'wasm', epochs: 20, batchSize: 32, lr: 0.005, warmupSteps: 10,
      dropout: 0, seed: 5, testSplit: 0.2, valSplit: 0, augment: ['shift:2'], cacheDir: join(dir, 'cache'),
      out: join(dir, 'artifact'), runDir: join(dir, 'run'), name: 'shapes', quantize: 'auto', progress: false,
    }),
  );
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('synthetic RGB shapes with the depthwise model on wasm', () => {
  it('should reach at least 95% test accuracy', () => {
    expect(result.report.testExamples).toBe(96);
    expect(result.report.testAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('should export an artifact whose manifest records the inferred RGB input and the labels', () => {
    expect(result.manifest?.input).toEqual({ height: 32, width: 32, channels: 3 });
    expect(result.manifest?.labels).toEqual(['cross', 'disc', 'ring', 'square']);
  });
});
