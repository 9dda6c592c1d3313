import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers fills tfjs-core's gradient registry on import.
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { initWasmTrainingBackend } from '../../../../trainer/backends/wasm';
import { computeOn, maxAbs, maxScaledDifference, seededTensor } from './cpu-reference';
import type { BackendName, TensorSpec } from './cpu-reference';

type Activation = 'linear' | 'relu';

function toTensor(spec: TensorSpec): tf.Tensor {
  return tf.tensor(spec.values, [...spec.shape], 'float32');
}

/** Every gradient of a scalar function of [x, filter, bias], flattened into one vector. */
function gradientVector(f: (x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor) => tf.Tensor, specs: readonly TensorSpec[]): tf.Tensor {
  const [x, filter, bias] = specs.map(toTensor) as [tf.Tensor, tf.Tensor, tf.Tensor];
  // A fixed, non-uniform upstream gradient so every output element matters differently.
  const lossOf = (xx: tf.Tensor, ff: tf.Tensor, bb: tf.Tensor): tf.Scalar => {
    const y = f(xx, ff, bb);
    const weights = tf.reshape(tf.sin(tf.range(0, y.size)), y.shape);
    return tf.sum(tf.mul(y, weights));
  };
  const grads = tf.grads(lossOf)([x, filter, bias]);
  return tf.concat(grads.map((g) => tf.reshape(g, [-1])));
}

interface FusedCase {
  readonly name: string;
  readonly specs: readonly TensorSpec[];
  readonly f: (activation: Activation) => (x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor) => tf.Tensor;
}

const fusedCases: FusedCase[] = [
  {
    name: 'fused conv2d, stride 1, same',
    specs: [seededTensor([2, 7, 7, 3], 21), seededTensor([3, 3, 3, 4], 22), seededTensor([4], 23)],
    f: (activation) => (x, filter, bias) => tf.fused.conv2d({
      x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, bias, strides: 1, pad: 'same', activation,
    }),
  },
  {
    name: 'fused conv2d, stride 2, valid',
    specs: [seededTensor([2, 9, 8, 1], 24), seededTensor([3, 3, 1, 5], 25), seededTensor([5], 26)],
    f: (activation) => (x, filter, bias) => tf.fused.conv2d({
      x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, bias, strides: 2, pad: 'valid', activation,
    }),
  },
  {
    name: 'fused depthwise conv2d, stride 2, same',
    specs: [seededTensor([2, 7, 7, 3], 27), seededTensor([3, 3, 3, 2], 28), seededTensor([6], 29)],
    f: (activation) => (x, filter, bias) => tf.fused.depthwiseConv2d({
      x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, bias, strides: 2, pad: 'same', activation,
    }),
  },
  {
    name: 'fused matMul',
    specs: [seededTensor([6, 10], 30), seededTensor([10, 4], 31), seededTensor([4], 32)],
    f: (activation) => (x, filter, bias) => tf.fused.matMul({ a: x as tf.Tensor2D, b: filter as tf.Tensor2D, bias, activation }),
  },
];

const namedFusedCases = fusedCases.flatMap((c) => (['linear', 'relu'] as const).map((activation) => [`${c.name}, ${activation}`, c, activation] as const));

describe('gradients through fused ops on wasm', () => {
  it.each(namedFusedCases)('should match the cpu backend for %s', async (_name, c, activation) => {
    const compute = (backend: BackendName) => computeOn(backend, () => gradientVector(c.f(activation), c.specs));
    const cpu = await compute('cpu');
    const wasm = await compute('wasm');
    expect(wasm.shape).toEqual(cpu.shape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.1);
    expect(maxScaledDifference(wasm.values, cpu.values)).toBeLessThanOrEqual(1e-5);
  });
});

/** conv3×3×16-relu-maxpool2-conv3×3×32-relu-maxpool2-flatten-dense64-relu-dense10 on 28×28×1, seeded. */
function createReferenceCnn(): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3) }),
      tfl.layers.dense({ units: 10, kernelInitializer: init(4) }),
    ],
  });
}

/** Seeded images whose class is the row band holding a bright bar, over uniform noise. */
function syntheticBatch(batchSize: number, seed: number): { images: tf.Tensor4D; labels: tf.Tensor2D } {
  const noise = seededTensor([batchSize, 28, 28, 1], seed, 0, 0.3).values;
  const classes = new Int32Array(batchSize);
  for (let i = 0; i < batchSize; i++) {
    const label = (i * 7 + seed) % 10;
    classes[i] = label;
    const row = 1 + label * 2 + (label > 4 ? 4 : 0);
    noise.fill(1, (i * 28 + row) * 28 + 4, (i * 28 + row) * 28 + 24);
  }
  return tf.tidy(() => ({
    images: tf.tensor4d(noise, [batchSize, 28, 28, 1]),
    labels: tf.cast(tf.oneHot(tf.tensor1d(classes, 'int32'), 10), 'float32') as tf.Tensor2D,
  }));
}

/** All trainable-weight gradients of the reference CNN's loss on one seeded batch, flattened in layer order. */
function referenceCnnGradients(batchSize: number): tf.Tensor {
  const model = createReferenceCnn();
  const { images, labels } = syntheticBatch(batchSize, 5);
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(images, { training: true }) as tf.Tensor2D; // [batch, 10]
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  });
  const ordered = model.trainableWeights.map((weight) => {
    // A LayerVariable's name is the name of the tf.Variable behind it, which keys variableGrads.
    const grad = grads[weight.name];
    if (grad === undefined) {
      throw new Error(`no gradient for ${weight.name}; got ${Object.keys(grads).join(', ')}`);
    }
    return tf.reshape(grad, [-1]);
  });
  const vector = tf.concat([tf.reshape(value, [1]), ...ordered]);
  model.layers.forEach((layer) => layer.dispose());
  return vector;
}

describe('reference CNN training on wasm', () => {
  it('should compute the same loss and weight gradients as the cpu backend', async () => {
    // Batch 4 keeps the cpu reference fast; every layer's forward and backward kernels run.
    const cpu = await computeOn('cpu', () => referenceCnnGradients(4));
    const wasm = await computeOn('wasm', () => referenceCnnGradients(4));
    expect(wasm.shape).toEqual(cpu.shape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.01);
    expect(maxScaledDifference(wasm.values, cpu.values)).toBeLessThanOrEqual(1e-5);
  });

  it('should lower the loss and keep the tensor count flat', async () => {
    await initWasmTrainingBackend();
    const model = createReferenceCnn();
    const optimizer = tf.train.adam(3e-3);
    const batches = [0, 1, 2, 3].map((seed) => syntheticBatch(64, seed));
    const losses: number[] = [];
    const tensorCounts: number[] = [];
    for (let step = 0; step < 24; step++) {
      // batch → forward/backward → step
      const batch = batches[step % batches.length]!; // modulo keeps the index in range
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.apply(batch.images, { training: true }) as tf.Tensor2D; // [64, 10]
        return tf.losses.softmaxCrossEntropy(batch.labels, logits) as tf.Scalar;
      });
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      losses.push(value.dataSync()[0]!); // a scalar has one element
      tf.dispose([value, grads]);
      tensorCounts.push(tf.memory().numTensors);
    }
    expect(tf.getBackend()).toBe('wasm');
    expect(losses.every(Number.isFinite)).toBe(true);
    const firstLoss = losses[0]!;
    const lastLosses = losses.slice(-4);
    expect(Math.max(...lastLosses)).toBeLessThan(firstLoss * 0.5);
    // Adam creates its moment variables during the first step; from then on nothing may accumulate.
    expect(new Set(tensorCounts.slice(1)).size).toBe(1);
    tf.dispose(batches.flatMap((batch) => [batch.images, batch.labels]));
    optimizer.dispose();
    model.layers.forEach((layer) => layer.dispose());
  });
});
