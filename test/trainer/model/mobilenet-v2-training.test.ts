import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { encode as encodePng } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import { countParameters, createModel } from '../../../trainer/model/create-model';
import { runTraining } from '../../../trainer/run-training';
import type { RunTrainingResult } from '../../../trainer/run-training';
import { createRng } from '../../../trainer/train/create-rng';

const SIZE = 48;
/** Colour × shape: neither alone tells the class, so the model must see both. */
const CLASSES = { 'blue disc': ['blue', 'disc'], 'blue square': ['blue', 'square'], 'red disc': ['red', 'disc'], 'red square': ['red', 'square'] } as const;

/** A jittered red or blue disc or square at a random place and size, on a noisy random-tinted background. */
function drawPhoto(color: 'red' | 'blue', shape: 'disc' | 'square', rng: () => number): Uint8Array {
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  const radius = SIZE * (0.25 + rng() * 0.1);
  const cx = radius + rng() * (SIZE - 2 * radius);
  const cy = radius + rng() * (SIZE - 2 * radius);
  const tint = [rng() * 40, rng() * 40, rng() * 40];
  const hue = color === 'red' ? [170 + rng() * 70, 30 + rng() * 60, 30 + rng() * 60] : [30 + rng() * 60, 40 + rng() * 70, 170 + rng() * 70];
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const hit = shape === 'disc' ? Math.hypot(dx, dy) <= radius : Math.max(Math.abs(dx), Math.abs(dy)) <= radius * 0.85;
      for (let c = 0; c < 3; c++) rgb[(y * SIZE + x) * 3 + c] = Math.round(hit ? (hue[c] ?? 0) : (tint[c] ?? 0) + rng() * 60);
    }
  }
  return rgb;
}

let dir = '';
let result: RunTrainingResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-photos-'));
  const data = join(dir, 'photos');
  const rng = createRng(21);
  for (const [label, [color, shape]] of Object.entries(CLASSES)) {
    await mkdir(join(data, label), { recursive: true });
    for (let index = 0; index < 200; index++) {
      await writeFile(join(data, label, `${index}.png`), encodePng({ width: SIZE, height: SIZE, channels: 3, depth: 8, data: drawPhoto(color, shape, rng) }));
    }
  }
  result = await runTraining(
    resolveTrainConfig({
      data, model: 'mobilenet-v2', inputSize: `${SIZE}x${SIZE}`, backend: 'wasm', epochs: 16, batchSize: 32, lr: 0.005, warmupSteps: 20,
      dropout: 0, seed: 3, testSplit: 0.2, valSplit: 0, cacheDir: join(dir, 'cache'), out: join(dir, 'artifact'), runDir: join(dir, 'run'), progress: false,
      checkpointEvery: 0,
    }),
  );
}, 600_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mobilenet-v2 on a synthetic colour-and-shape task', () => {
  it('should reach at least 90% test accuracy on wasm', () => {
    expect(result.report.testExamples).toBe(160);
    expect(result.report.testAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('should export a uint8 artifact under 1 MB that agrees with the float model', () => {
    expect(result.manifest?.quantization?.format).toBe('uint8');
    expect(result.manifest?.evaluation?.agreement).toBeGreaterThanOrEqual(0.995);
    expect(result.report.artifactBytes).toBeLessThan(1_000_000);
    expect(result.manifest?.name).toBe('photos');
  });
});

describe('createModel mobilenet-v2', () => {
  it('should scale its channels with the width multiplier and take any input size', () => {
    const half = createModel({ architecture: 'mobilenet-v2', input: { height: 96, width: 96, channels: 3 }, numClasses: 10, seed: 1 });
    const full = createModel({ architecture: 'mobilenet-v2', input: { height: 160, width: 160, channels: 3 }, numClasses: 10, seed: 1, width: 1 });
    expect(countParameters(half)).toBe(115_938);
    expect(countParameters(full)).toBe(376_842);
    expect(half.outputs[0]?.shape).toEqual([null, 10]);
    // Residual blocks start as their shortcut: the projections are zero.
    const project = half.getLayer('block2_2_project').getWeights()[0];
    expect(project === undefined ? Number.NaN : tf.max(tf.abs(project)).dataSync()[0]).toBe(0);
    half.dispose();
    full.dispose();
  });
});
