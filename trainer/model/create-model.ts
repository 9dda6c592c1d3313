import * as tfl from '@tensorflow/tfjs-layers';
import type { InputSpec } from '../../shared/preprocess';

import { createMobilenetV2 } from './create-mobilenet-v2';
import type { ModelArchitecture } from './model-architectures';

export interface ModelSpec {
  architecture: ModelArchitecture;
  input: InputSpec;
  numClasses: number;
  /** Seed of every initializer, so the same spec builds the same weights. */
  seed: number;
  /** Dropout rate before each dense layer (0 = none); active only while training. */
  dropout?: number;
  /** `mobilenet-v2` only: width multiplier of every channel count (default 0.5). */
  width?: number;
}

/**
 * Builds an untrained classifier whose output is raw logits `[batch, numClasses]`
 * (softmax is applied by the loss while training and by the worker when serving).
 *
 * - `cnn-small` (≈57k parameters at 28×28×1), the reference CNN of the benchmarks:
 *   conv3×3×16-relu-maxpool2, conv3×3×32-relu-maxpool2, dense64-relu, dense(numClasses).
 * - `cnn-compact` (≈31k parameters): the same convolutions, dense32 — half the weights at the
 *   same compute (98.9% on MNIST in 5 epochs: the narrow dense layer costs accuracy).
 * - `cnn-3conv` (≈29k parameters), the default: the same two convolutions, a third
 *   conv3×3×64-relu, then dense(numClasses) straight from the 3×3×64 features. ≈15% more compute
 *   than `cnn-small`, half its weights, and more accurate (99.40% on MNIST in 8 epochs over all 60,000 training images).
 * - `mobilenet-tiny` (≈12k parameters at 32×32×3): MobileNet-style, for color inputs up to
 *   96×96 — see `createMobilenetTiny`.
 * - `mobilenet-v2` (≈0.12M parameters and 3.2M multiply-adds per 96×96 image at width 0.5): MobileNetV2-style inverted residuals with a
 *   width multiplier, for color photos at 96–160 px — see `createMobilenetV2`.
 * All take optional dropout before the classifier.
 */
export function createModel(spec: ModelSpec): tfl.LayersModel {
  if (spec.architecture === 'mobilenet-tiny') return createMobilenetTiny(spec);
  if (spec.architecture === 'mobilenet-v2') return createMobilenetV2(spec, spec.width ?? 0.5);
  const { height, width, channels } = spec.input;
  let seed = spec.seed;
  const init = () => tfl.initializers.heNormal({ seed: seed++ });
  const model = tfl.sequential({ name: spec.architecture });
  model.add(tfl.layers.conv2d({ inputShape: [height, width, channels], filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init() }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init() }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  const dropout = spec.dropout ?? 0;
  if (spec.architecture === 'cnn-3conv') {
    model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: init() }));
    model.add(tfl.layers.flatten());
    if (dropout > 0) model.add(tfl.layers.dropout({ rate: dropout, seed: seed++ }));
    model.add(tfl.layers.dense({ units: spec.numClasses, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }) }));
    return model;
  }
  model.add(tfl.layers.flatten());
  if (dropout > 0) model.add(tfl.layers.dropout({ rate: dropout, seed: seed++ }));
  model.add(tfl.layers.dense({ units: spec.architecture === 'cnn-compact' ? 32 : 64, activation: 'relu', kernelInitializer: init() }));
  if (dropout > 0) model.add(tfl.layers.dropout({ rate: dropout, seed: seed++ }));
  model.add(tfl.layers.dense({ units: spec.numClasses, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }) }));
  return model;
}

/** Number of trainable parameters of `model`. */
export function countParameters(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((total, weight) => total + weight.read().size, 0);
}

/**
 * A small MobileNet-style network: a strided 3×3 stem, then depthwise-separable blocks
 * (depthwise 3×3 + relu, pointwise 1×1 + relu; every other block strided), global average
 * pooling and a dense classifier. The input size is free (the pooling absorbs it), so one model
 * serves 24×24 to 96×96 color images at ≈12k parameters.
 */
function createMobilenetTiny(spec: ModelSpec): tfl.LayersModel {
  const { height, width, channels } = spec.input;
  let seed = spec.seed;
  const init = () => tfl.initializers.heNormal({ seed: seed++ });
  const model = tfl.sequential({ name: spec.architecture });
  model.add(tfl.layers.conv2d({ inputShape: [height, width, channels], filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init() }));
  const blocks: [filters: number, stride: number][] = [[32, 1], [64, 2], [64, 1], [96, 2]];
  for (const [filters, stride] of blocks) {
    model.add(tfl.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', activation: 'relu', depthwiseInitializer: init() }));
    model.add(tfl.layers.conv2d({ filters, kernelSize: 1, activation: 'relu', kernelInitializer: init() }));
  }
  model.add(tfl.layers.globalAveragePooling2d({}));
  const dropout = spec.dropout ?? 0;
  if (dropout > 0) model.add(tfl.layers.dropout({ rate: dropout, seed: seed++ }));
  model.add(tfl.layers.dense({ units: spec.numClasses, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }) }));
  return model;
}
