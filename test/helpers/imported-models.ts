// Models "trained elsewhere", built in-process with tfjs-layers' Keras API the way Keras or
// Teachable Machine would build them, for the import tests (saved with saveLayersModelDir).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { normalizePixels } from '../../shared/preprocess';
import { loadMnist } from '../../trainer/data/load-mnist';

/** A small Keras-style CNN for 28×28 gray digits: conv, batch norm, pooling, dropout, dense. */
export function createKerasCnn(options: { seed: number; softmax: boolean; classes?: number }): tfl.LayersModel {
  let seed = options.seed;
  const init = () => tfl.initializers.heNormal({ seed: seed++ });
  const model = tfl.sequential({ name: 'keras_cnn' });
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, kernelInitializer: init(), name: 'conv2d' }));
  model.add(tfl.layers.batchNormalization({ name: 'batch_normalization' }));
  model.add(tfl.layers.activation({ activation: 'relu', name: 'activation' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }));
  model.add(tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: init(), name: 'conv2d_1' }));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(tfl.layers.dropout({ rate: 0.2, seed: seed++, name: 'dropout' }));
  model.add(tfl.layers.dense({ units: options.classes ?? 10, activation: options.softmax ? 'softmax' : 'linear', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }), name: 'dense' }));
  return model;
}

/**
 * A Sequential model of every layer type the worker compiles to kernels other than the default
 * CNN's, each in a form that takes another branch of the compiler: an unfused conv activation
 * (tanh), a depthwise conv with bias, average and `same` max pooling, an `Activation` layer,
 * global average pooling, and dense layers without bias and with an unfused activation.
 */
export function createKernelLayersModel(options: { seed: number; classes: number }): tfl.LayersModel {
  let seed = options.seed;
  const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
  const model = tfl.sequential({ name: 'kernel_layers' });
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: init(), name: 'conv_tanh' }));
  model.add(tfl.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, activation: 'relu', depthwiseInitializer: init(), biasInitializer: tfl.initializers.constant({ value: 0.05 }), name: 'depthwise' }));
  model.add(tfl.layers.averagePooling2d({ poolSize: 2, name: 'average_pool' }));
  model.add(tfl.layers.activation({ activation: 'sigmoid', name: 'sigmoid' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'max_pool_same' }));
  model.add(tfl.layers.globalAveragePooling2d({ name: 'global_average' }));
  model.add(tfl.layers.dense({ units: 8, activation: 'tanh', kernelInitializer: init(), biasInitializer: tfl.initializers.constant({ value: 0.1 }), name: 'dense_tanh' }));
  model.add(tfl.layers.dense({ units: options.classes, activation: 'softmax', useBias: false, kernelInitializer: init(), name: 'dense_softmax' }));
  return model;
}

/**
 * Trains `model` (a 28×28×1 classifier with 10 outputs) on the first `trainLimit` MNIST digits
 * with Keras' own API (`compile` + `fit`, tfjs' Adam), as someone training elsewhere would.
 * `logits`: the model's output has no softmax, so the loss applies it.
 */
export async function fitOnMnist(model: tfl.LayersModel, options: { trainLimit: number; epochs: number; logits: boolean }): Promise<void> {
  const mnist = await loadMnist({ trainLimit: options.trainLimit, testLimit: 1 });
  const { count, pixels, targets } = mnist.train;
  const images = tf.tensor4d(normalizePixels(pixels, mnist.preprocessing), [count, 28, 28, 1]);
  const labels = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(targets), 'int32'), 10), 'float32'));
  model.compile({
    optimizer: tf.train.adam(0.005),
    loss: options.logits ? (truth: tf.Tensor, predicted: tf.Tensor) => tf.losses.softmaxCrossEntropy(truth, predicted) : 'categoricalCrossentropy',
  });
  await model.fit(images, labels, { epochs: options.epochs, batchSize: 64, shuffle: false, verbose: 0 });
  tf.dispose([images, labels]);
}

/**
 * A Teachable-Machine-shaped image model: a Sequential holding (1) a Sequential of a truncated
 * functional MobileNetV2-style network (stem, inverted residual with `Add`, ReLU6, zero padding)
 * plus global average pooling, and (2) a Sequential head (dense 100 relu, dense softmax), as
 * `@teachablemachine/image` exports it.
 */
export function createTeachableMachineModel(options: { seed: number; classes: number; imageSize: number }): tfl.LayersModel {
  let seed = options.seed;
  const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
  const size = options.imageSize;
  const input = tfl.input({ shape: [size, size, 3], name: 'input_1' });
  const pad = tfl.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: 'Conv1_pad' }).apply(input);
  let x = tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, kernelInitializer: init(), name: 'Conv1' }).apply(pad);
  x = tfl.layers.batchNormalization({ name: 'bn_Conv1', betaInitializer: tfl.initializers.randomNormal({ stddev: 0.1, seed: seed++ }) }).apply(x);
  const stem = tfl.layers.reLU({ maxValue: 6, name: 'Conv1_relu' }).apply(x);
  let y = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, depthwiseInitializer: init(), name: 'expanded_conv_depthwise' }).apply(stem);
  y = tfl.layers.batchNormalization({ name: 'expanded_conv_depthwise_BN' }).apply(y);
  y = tfl.layers.reLU({ maxValue: 6, name: 'expanded_conv_depthwise_relu' }).apply(y);
  y = tfl.layers.conv2d({ filters: 8, kernelSize: 1, useBias: false, kernelInitializer: init(), name: 'expanded_conv_project' }).apply(y);
  y = tfl.layers.batchNormalization({ name: 'expanded_conv_project_BN' }).apply(y);
  const added = tfl.layers.add({ name: 'block_add' }).apply([stem, y] as tfl.SymbolicTensor[]);
  let z = tfl.layers.conv2d({ filters: 16, kernelSize: 1, useBias: false, kernelInitializer: init(), name: 'Conv_1' }).apply(added);
  z = tfl.layers.batchNormalization({ name: 'Conv_1_bn' }).apply(z);
  const out = tfl.layers.reLU({ maxValue: 6, name: 'out_relu' }).apply(z) as tfl.SymbolicTensor;
  const truncated = tfl.model({ inputs: input, outputs: out, name: 'model1' });
  const features = tfl.sequential({ name: 'sequential_1', layers: [truncated, tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_GlobalAveragePooling2D1' })] });
  const head = tfl.sequential({
    name: 'sequential_3',
    layers: [
      tfl.layers.dense({ inputShape: [16], units: 100, activation: 'relu', useBias: true, kernelInitializer: init(), name: 'dense_Dense1' }),
      tfl.layers.dense({ units: options.classes, activation: 'softmax', useBias: false, kernelInitializer: init(), name: 'dense_Dense2' }),
    ],
  });
  return tfl.sequential({ name: 'sequential_4', layers: [features, head] });
}

/** Teachable Machine's metadata.json for `labels`, as its TensorFlow.js export writes it. */
export function teachableMachineMetadata(labels: readonly string[], imageSize: number): string {
  return JSON.stringify({
    tfjsVersion: '1.3.1',
    tmVersion: '2.4.10',
    packageVersion: '0.8.4-alpha2',
    packageName: '@teachablemachine/image',
    timeStamp: '2026-11-20T09:12:44.921Z',
    userMetadata: {},
    modelName: 'tm-my-image-model',
    labels,
    imageSize,
  });
}

/**
 * One functional model with most of tfjs-layers' image-relevant layer classes and activations,
 * to show which imported models the worker runs: convolutions (plain, separable, depthwise,
 * transposed, 1D), pooling (average, max, global), resizing (upsampling nearest/bilinear,
 * cropping, padding, `Rescaling`), normalization (batch, layer), merges (add,
 * concatenate, multiply, average, maximum, minimum), advanced activations (LeakyReLU, PReLU,
 * ELU, ThresholdedReLU, ReLU, Softmax) and recurrent layers (GRU, LSTM, SimpleRNN) over rows.
 */
export function createLayerZooModel(options: { seed: number; classes: number }): tfl.LayersModel {
  let seed = options.seed;
  const init = () => tfl.initializers.glorotUniform({ seed: seed++ });
  const apply = (layer: { apply: (input: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => unknown }, input: tfl.SymbolicTensor | tfl.SymbolicTensor[]) =>
    layer.apply(input) as tfl.SymbolicTensor;
  const input = tfl.input({ shape: [16, 16, 3], name: 'image' });
  const scaled = apply(tfl.layers.rescaling({ scale: 2, offset: -1, name: 'rescaling' }), input);
  const conv = apply(tfl.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu6', kernelInitializer: init(), name: 'conv' }), scaled);
  const bn = apply(tfl.layers.batchNormalization({ name: 'bn', gammaInitializer: tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: seed++ }) }), conv);
  const separable = apply(tfl.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'elu', depthwiseInitializer: init(), pointwiseInitializer: init(), name: 'separable' }), bn);
  const depthwise = apply(tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', activation: 'selu', depthwiseInitializer: init(), name: 'depthwise' }), bn);
  const leaky = apply(tfl.layers.leakyReLU({ alpha: 0.2, name: 'leaky' }), separable);
  const prelu = apply(tfl.layers.prelu({ alphaInitializer: tfl.initializers.constant({ value: 0.1 }), name: 'prelu' }), depthwise);
  const added = apply(tfl.layers.add({ name: 'add' }), [leaky, prelu]);
  const multiplied = apply(tfl.layers.multiply({ name: 'multiply' }), [leaky, prelu]);
  const averaged = apply(tfl.layers.average({ name: 'average' }), [added, multiplied]);
  const maximum = apply(tfl.layers.maximum({ name: 'maximum' }), [added, multiplied]);
  const minimum = apply(tfl.layers.minimum({ name: 'minimum' }), [added, multiplied]);
  const merged = apply(tfl.layers.concatenate({ name: 'concatenate' }), [averaged, maximum, minimum]); // [16, 16, 18]
  const pooled = apply(tfl.layers.averagePooling2d({ poolSize: 2, name: 'average_pool' }), merged); // [8, 8, 18]
  const maxPooled = apply(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: 'max_pool' }), pooled); // [4, 4, 18]
  const up = apply(tfl.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear', name: 'upsample_bilinear' }), maxPooled); // [8, 8, 18]
  const transposed = apply(tfl.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: init(), name: 'transposed' }), up); // [16, 16, 4]
  const cropped = apply(tfl.layers.cropping2D({ cropping: [[1, 1], [2, 2]], name: 'crop' }), transposed); // [14, 12, 4]
  const padded = apply(tfl.layers.zeroPadding2d({ padding: [[1, 1], [2, 2]], name: 'pad' }), cropped); // [16, 16, 4]
  // (tfjs-layers 4.22's `Resizing` reports a rank-3 output shape, so nothing can follow it in a model.)
  const shrunk = apply(tfl.layers.maxPooling2d({ poolSize: 2, name: 'shrink' }), padded); // [8, 8, 4]
  const nearest = apply(tfl.layers.upSampling2d({ size: [2, 2], name: 'upsample_nearest' }), shrunk); // [16, 16, 4]
  const thresholded = apply(tfl.layers.thresholdedReLU({ theta: 0.05, name: 'thresholded' }), nearest);
  const elu = apply(tfl.layers.elu({ name: 'elu_layer' }), thresholded);
  const relu = apply(tfl.layers.reLU({ name: 'relu_layer' }), elu);
  const normalized = apply(tfl.layers.layerNormalization({ name: 'layer_norm' }), relu);
  const globalAverage = apply(tfl.layers.globalAveragePooling2d({ name: 'global_average' }), normalized); // [4]
  const globalMax = apply(tfl.layers.globalMaxPooling2d({ name: 'global_max' }), merged); // [18]

  // Rows as a sequence: permute, reshape, 1D convolution and pooling, three recurrent layers.
  const permuted = apply(tfl.layers.permute({ dims: [2, 1, 3], name: 'permute' }), bn); // [16, 16, 6]
  const rows = apply(tfl.layers.reshape({ targetShape: [16, 96], name: 'rows' }), permuted);
  const conv1d = apply(tfl.layers.conv1d({ filters: 8, kernelSize: 3, activation: 'gelu', kernelInitializer: init(), name: 'conv1d' }), rows); // [14, 8]
  const pool1d = apply(tfl.layers.maxPooling1d({ poolSize: 2, name: 'pool1d' }), conv1d); // [7, 8]
  const gru = apply(tfl.layers.gru({ units: 4, returnSequences: true, kernelInitializer: init(), recurrentInitializer: init(), name: 'gru' }), pool1d);
  const lstm = apply(tfl.layers.lstm({ units: 4, returnSequences: true, kernelInitializer: init(), recurrentInitializer: init(), name: 'lstm' }), gru);
  const rnn = apply(tfl.layers.simpleRNN({ units: 4, kernelInitializer: init(), recurrentInitializer: init(), name: 'simple_rnn' }), lstm); // [4]
  const average1d = apply(tfl.layers.globalAveragePooling1d({ name: 'global_average_1d' }), conv1d); // [8]

  const features = apply(tfl.layers.concatenate({ name: 'features' }), [globalAverage, globalMax, rnn, average1d]); // [34]
  let dense = features;
  for (const activation of ['swish', 'mish', 'softplus', 'softsign', 'sigmoid', 'hardSigmoid'] as const) {
    dense = apply(tfl.layers.dense({ units: 12, activation, kernelInitializer: init(), name: `dense_${activation.toLowerCase()}` }), dense);
  }
  const dropped = apply(tfl.layers.dropout({ rate: 0.3, name: 'dropout' }), dense);
  const noisy = apply(tfl.layers.gaussianNoise({ stddev: 0.1, name: 'noise' }), dropped);
  const logits = apply(tfl.layers.dense({ units: options.classes, kernelInitializer: init(), name: 'logits' }), noisy);
  const probabilities = apply(tfl.layers.softmax({ name: 'probabilities' }), logits);
  return tfl.model({ inputs: input, outputs: probabilities, name: 'layer_zoo' });
}
