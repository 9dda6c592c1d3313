import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeModelFiles } from '../../../trainer/export/encode-model-files';
import { loadEncodedModel } from '../../../trainer/export/load-encoded-model';
import { prepareForInference } from '../../../trainer/export/prepare-for-inference';
import { serializeLayersModel } from '../../../trainer/export/serialize-layers-model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  tf.disposeVariables();
});

/** conv (no bias) → BN → relu → dropout → flatten → dense → BN, with non-trivial BN statistics. */
function modelWithBatchNorm(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, useBias: false, kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }) }));
  model.add(tfl.layers.batchNormalization({ epsilon: 0.01 }));
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.5 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 4, kernelInitializer: tfl.initializers.glorotNormal({ seed: 2 }) }));
  model.add(tfl.layers.batchNormalization({}));
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const channels = layer.getWeights()[0]?.shape[0] ?? 0;
    const ramp = (from: number, step: number) => tf.tensor1d(Array.from({ length: channels }, (_, c) => from + step * c));
    layer.setWeights([ramp(0.5, 0.4), ramp(-0.2, 0.15), ramp(0.3, -0.25), ramp(0.4, 0.7)]); // γ, β, μ, σ²
  }
  return model;
}

describe('prepareForInference / foldBatchNorm', () => {
  it('should fold every BN into the layer before it and compute the same function', async () => {
    const model = modelWithBatchNorm();
    const prepared = prepareForInference(await serializeLayersModel(model));
    expect(prepared.foldedBatchNorm).toHaveLength(2);
    expect(prepared.keptBatchNorm).toEqual([]);
    expect(prepared.droppedLayers).toHaveLength(1);
    expect(prepared.model.weightSpecs.map((spec) => spec.name.split('/')[1])).toEqual(['kernel', 'bias', 'kernel', 'bias']);
    expect(JSON.stringify(prepared.model.modelTopology)).not.toMatch(/BatchNormalization|Dropout|initializer/);

    const folded = await loadEncodedModel(encodeModelFiles(prepared.model, 'none'));
    const input = tf.randomUniform([5, 6, 6, 2], -1, 1, 'float32', 3); // [batch, h, w, c]
    const expected = (model.predict(input) as tf.Tensor).dataSync();
    const actual = (folded.predict(input) as tf.Tensor).dataSync();
    expect(folded.layers.map((layer) => layer.getClassName())).toEqual(['Conv2D', 'Activation', 'Flatten', 'Dense']);
    actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index] ?? Number.NaN, 5));
    expect(Math.max(...Array.from(expected, Math.abs))).toBeGreaterThan(0.1); // the comparison is not trivially 0 ≈ 0
    input.dispose();
    folded.dispose();
    model.dispose();
  });

  it('should keep a BN that follows a layer with its own activation', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ inputShape: [3], units: 2, activation: 'relu' }));
    model.add(tfl.layers.batchNormalization({}));
    const prepared = prepareForInference(await serializeLayersModel(model));
    expect(prepared.foldedBatchNorm).toEqual([]);
    expect(prepared.keptBatchNorm[0]).toMatch(/preceding layer has activation relu/);
    expect(prepared.model.weightSpecs).toHaveLength(6);
    model.dispose();
  });
});
