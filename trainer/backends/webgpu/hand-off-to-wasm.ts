import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initWasmTrainingBackend } from '../wasm';

/**
 * Moves a model trained on webgpu to the wasm backend: every weight is read back (one awaited
 * read each), wasm becomes the active backend, and the weights are written there bit for bit.
 * Evaluation and export then run exactly as for a wasm-trained model (the parity gate, the
 * quantization-aware fine-tune, and the kernels the worker serves with), and the GPU can be
 * released.
 */
export async function handOffToWasm(model: tfl.LayersModel): Promise<void> {
  const values = (await Promise.all(model.weights.map((weight) => weight.read().data()))) as Float32Array[];
  await initWasmTrainingBackend();
  model.weights.forEach((weight, index) => {
    const moved = tf.tensor(values[index] as Float32Array, weight.read().shape, weight.dtype);
    weight.write(moved);
    moved.dispose(); // the variable holds its own reference
  });
}
