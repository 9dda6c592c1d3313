import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../../shared/artifact';
import { defaultPreprocessSpec, normalizePixels } from '../../../shared/preprocess';
import type { DatasetSplit } from '../../../trainer/data/dataset';
import type { ParityData } from '../../../trainer/export/choose-quantization';
import { ParityError } from '../../../trainer/export/parity-error';
import { writeArtifact } from '../../../trainer/export/write-artifact';

const input = { height: 8, width: 8, channels: 1 as const };
const labels = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
let dir = '';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  tf.disposeVariables();
});

/**
 * A linear classifier over 8×8 images with one huge weight on pixel 0, which the held-out images
 * never light up: the float model ignores it, but per-tensor affine quantization spends its whole
 * range on it and crushes every other weight.
 */
function hostileModel(outlier: number): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [8, 8, 1] }));
  model.add(tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.randomNormal({ stddev: 0.3, seed: 5 }) }));
  const [kernel, bias] = model.layers[1]?.getWeights() ?? [];
  if (kernel === undefined || bias === undefined) throw new Error('dense layer has no weights');
  const values = kernel.arraySync() as number[][];
  (values[0] as number[])[3] = outlier;
  model.layers[1]?.setWeights([tf.tensor2d(values), bias]);
  return model;
}

/** 600 random images with pixel 0 always dark, labelled with the float model's own predictions. */
function heldOut(model: tfl.LayersModel): ParityData {
  const count = 600;
  let seed = 9;
  const pixels = new Uint8Array(count * 64).map((_, index) =>
    index % 64 === 0 ? 0 : Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 256),
  ); // [count, 8, 8, 1] 8-bit
  const preprocessing = defaultPreprocessSpec(input);
  const predicted = tf.tidy(() => tf.argMax(model.predict(tf.tensor4d(normalizePixels(pixels, preprocessing), [count, 8, 8, 1])) as tf.Tensor2D, 1)); // [count]
  const targets = Uint8Array.from(predicted.dataSync());
  predicted.dispose();
  const data: DatasetSplit = { pixels, targets, count };
  return { dataset: 'synthetic', split: 'test', data, preprocessing };
}

function description() {
  return { name: 'hostile', version: '1', labels, input, preprocessing: defaultPreprocessSpec(input), metrics: {} };
}

describe('parity gate (writeArtifact with chooseQuantization)', () => {
  it('should refuse uint8 for a model with an outlier weight and write nothing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgefuse-gate-'));
    const model = hostileModel(1e4);
    const out = join(dir, 'artifact');
    const attempt = writeArtifact(model, description(), out, { quantize: 'uint8', parity: heldOut(model) });
    await expect(attempt).rejects.toThrow(ParityError);
    await expect(writeArtifact(model, description(), out, { quantize: 'uint8', parity: heldOut(model) })).rejects.toThrow(
      /^uint8 export refused: top-1 agreement with the float model is \d+\.\d\d% on synthetic\/test \(600 examples\), below 99\.50%/,
    );
    expect(await readdir(dir)).toEqual([]);
    model.dispose();
  });

  it('should fall back with auto and record the format, the reason and every trial', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgefuse-gate-'));
    const model = hostileModel(1e4);
    const out = join(dir, 'artifact');
    const manifest = await writeArtifact(model, description(), out, { quantize: 'auto', parity: heldOut(model) });
    const onDisk = parseManifest(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
    expect(onDisk.quantization).toEqual(manifest.quantization);
    // 1e4 fits float16 (max 65504) but leaves uint8 and uint16 steps of 39 and 0.15.
    expect(manifest.quantization?.format).toBe('float16');
    // uint8 with min/max ranges, then error-minimizing ones (no training data: no fine-tune).
    expect(manifest.quantization?.tried?.map((trial) => [trial.format, trial.ranges, trial.accepted])).toEqual([
      ['uint8', 'minmax', false], ['uint8', 'mse', false], ['uint16', 'minmax', false], ['float16', undefined, true],
    ]);
    expect(manifest.quantization?.tried?.[0]?.agreement).toBeLessThan(0.5);
    expect(manifest.quantization?.reason).toMatch(/^auto: float16 is the smallest format with top-1 agreement ≥ 99\.50% on synthetic\/test/);
    expect(manifest.evaluation).toMatchObject({ floatAccuracy: 1, examples: 600 });
    expect(manifest.evaluation?.agreement).toBeGreaterThanOrEqual(0.995);
    expect(manifest.metrics.agreement).toBe(manifest.evaluation?.agreement);
    model.dispose();
  });

  it('should try a quantization-aware fine-tune of uint8 when given training data, and record it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgefuse-gate-'));
    const model = hostileModel(1e4);
    const parity = heldOut(model);
    const training = { data: heldOut(model).data, preprocessing: parity.preprocessing, seed: 1 };
    const manifest = await writeArtifact(model, description(), join(dir, 'artifact'), {
      quantize: 'auto', parity, training, fineTune: { steps: 20, batchSize: 32, lr: 1e-3 },
    });
    const fineTuned = manifest.quantization?.tried?.[2];
    expect(fineTuned).toMatchObject({ format: 'uint8', ranges: 'mse', fineTuneSteps: 20, accepted: false });
    expect(manifest.quantization?.reason).toContain('uint8 + 20-step quantization-aware fine-tune');
    expect(manifest.quantization?.format).toBe('float16');
    model.dispose();
  });

  it('should fall back to float32 when float16 overflows, and write below the gate only when allowed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgefuse-gate-'));
    const model = hostileModel(1e5); // beyond float16: Infinity × dark pixel 0 = NaN
    const parity = heldOut(model);
    const auto = await writeArtifact(model, description(), join(dir, 'auto'), { quantize: 'auto', parity });
    expect(auto.quantization?.format).toBe('none');
    expect(auto.quantization?.tried?.map((trial) => trial.format)).toEqual(['uint8', 'uint8', 'uint16', 'float16', 'none']);
    const allowed = await writeArtifact(model, description(), join(dir, 'allowed'), { quantize: 'uint8', parity, allowAccuracyDrop: true });
    expect(allowed.quantization?.format).toBe('uint8');
    expect(allowed.quantization?.reason).toMatch(/< 99\.50% on synthetic\/test \(600 examples\), written anyway/);
    expect(allowed.evaluation?.agreement).toBeLessThan(0.995);
    model.dispose();
  });
});
