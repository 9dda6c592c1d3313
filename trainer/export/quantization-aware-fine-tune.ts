import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { normalizePixels } from '../../shared/preprocess';
import type { PreprocessSpec } from '../../shared/preprocess';
import type { DatasetSplit } from '../data/dataset';
import { createRng, shuffledIndices } from '../train/create-rng';
import type { WeightRanges } from './choose-weight-ranges';
import { encodeModelFiles } from './encode-model-files';
import { fakeQuantize } from './fake-quantize';
import { loadEncodedModel } from './load-encoded-model';
import type { SerializedModel } from './serialized-model';
import { joinWeightData, splitWeightData } from './split-weight-data';

/** Training data the fine-tune may use (never the held-out split the parity gate scores). */
export interface FineTuneData {
  data: DatasetSplit;
  preprocessing: PreprocessSpec;
  seed: number;
}

/** How long and how hard to fine-tune. */
export interface FineTuneOptions {
  steps: number;
  batchSize: number;
  /** Peak Adam learning rate, decayed to 0 over `steps` (cosine). */
  lr: number;
}

/** Defaults: a third of an epoch of MNIST; small steps, since it starts at the float optimum. */
export const DEFAULT_FINE_TUNE: FineTuneOptions = { steps: 300, batchSize: 64, lr: 2e-4 };

/**
 * The fine-tune for a run of `trainingSteps`: a tenth of it, between 20 and the default 300
 * steps, so a short experiment is not held up by its export.
 */
export function fineTuneFor(trainingSteps: number): FineTuneOptions {
  return { ...DEFAULT_FINE_TUNE, steps: Math.min(DEFAULT_FINE_TUNE.steps, Math.max(20, Math.round(trainingSteps / 10))) };
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/**
 * Quantization-aware fine-tune by distillation: trains the inference-ready model `prepared` so
 * that its *quantized* weights (each tensor in `ranges`, fake-quantized to `format` exactly as
 * the exported file will hold it) reproduce the float `teacher`'s output distribution on the
 * training split. Each step runs the forward pass on the quantized weights and applies the
 * gradient to float shadow weights (the straight-through estimator), with Adam; tensors left
 * float32 (biases) train directly. Returns `prepared` with the shadow weights, to be encoded in
 * `format` with the same `ranges`. The architecture is untouched, so the artifact stays one stock
 * `tf.loadLayersModel` reads. Seeded: the same inputs give the same weights.
 */
export async function fineTuneForQuantization(
  teacher: tfl.LayersModel,
  prepared: SerializedModel,
  format: 'uint8' | 'uint16',
  ranges: WeightRanges,
  training: FineTuneData,
  options: FineTuneOptions = DEFAULT_FINE_TUNE,
): Promise<SerializedModel> {
  const { data, preprocessing } = training;
  const { height, width, channels } = preprocessing.input;
  const imageBytes = height * width * channels;
  const student = await loadEncodedModel(encodeModelFiles(prepared, 'none'));
  try {
    const weights = splitWeightData(prepared.weightSpecs, prepared.weightData);
    const trainable = student.trainableWeights.map((variable) => {
      const weight = weights.get(variable.originalName);
      if (weight === undefined) throw new Error(`fine-tune: weight ${variable.originalName} is not in the serialized model`);
      const shadow = new Float32Array(weight.bytes.slice().buffer);
      // LayerVariable.read() returns the backing tf.Variable (typed as Tensor by tfjs-layers).
      const backing = variable.read() as tf.Variable;
      return { variable, backing, spec: weight.spec, shadow, m: new Float32Array(shadow.length), v: new Float32Array(shadow.length) };
    });
    const rng = createRng(training.seed ^ 0x0a7);
    let order = shuffledIndices(data.count, rng);
    let cursor = 0;
    const batchPixels = new Uint8Array(options.batchSize * imageBytes);
    for (let step = 1; step <= options.steps && data.count > 0; step++) {
      // Batch: the next `batchSize` training images in a seeded order.
      const size = Math.min(options.batchSize, data.count);
      for (let row = 0; row < size; row++) {
        if (cursor === order.length) {
          order = shuffledIndices(data.count, rng);
          cursor = 0;
        }
        const index = order[cursor++] ?? 0;
        batchPixels.set(data.pixels.subarray(index * imageBytes, (index + 1) * imageBytes), row * imageBytes);
      }
      // Quantize: the student's weights become what the exported file will hold.
      for (const { backing, spec, shadow } of trainable) {
        const range = ranges.get(spec.name);
        const values = range === undefined ? shadow : fakeQuantize(shadow, format, range);
        tf.tidy(() => backing.assign(tf.tensor(values, spec.shape)));
      }
      // Forward/backward at the quantized weights: distill the teacher's distribution.
      const { grads, value } = tf.tidy(() => {
        const images = tf.tensor4d(normalizePixels(batchPixels.subarray(0, size * imageBytes), preprocessing), [size, height, width, channels]);
        const targets = tf.softmax(teacher.predict(images) as tf.Tensor2D); // [size, classes]
        return tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(targets, student.apply(images, { training: false }) as tf.Tensor2D) as tf.Scalar,
          trainable.map(({ backing }) => backing),
        );
      });
      value.dispose();
      // Step: Adam on the float shadow weights (straight-through), cosine-decayed LR.
      const lr = (options.lr * (1 + Math.cos((Math.PI * (step - 1)) / options.steps))) / 2;
      const correction1 = 1 - BETA1 ** step;
      const correction2 = 1 - BETA2 ** step;
      for (const entry of trainable) {
        const gradient = grads[entry.backing.name];
        if (gradient === undefined) continue;
        const g = gradient.dataSync();
        const { shadow, m, v } = entry;
        for (let i = 0; i < shadow.length; i++) {
          const gi = g[i] ?? 0;
          m[i] = BETA1 * (m[i] ?? 0) + (1 - BETA1) * gi;
          v[i] = BETA2 * (v[i] ?? 0) + (1 - BETA2) * gi * gi;
          shadow[i] = (shadow[i] ?? 0) - (lr * ((m[i] ?? 0) / correction1)) / (Math.sqrt((v[i] ?? 0) / correction2) + EPSILON);
        }
      }
      tf.dispose(grads);
    }
    const tuned = new Map(trainable.map(({ spec, shadow }) => [spec.name, new Uint8Array(shadow.buffer)]));
    const joined = joinWeightData(
      prepared.weightSpecs.map((spec) => ({ spec, bytes: tuned.get(spec.name) ?? (weights.get(spec.name)?.bytes as Uint8Array) })),
    );
    return { ...prepared, weightSpecs: joined.weightSpecs, weightData: joined.weightData };
  } finally {
    student.dispose();
  }
}
