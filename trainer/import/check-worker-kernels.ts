import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { InputSpec } from '../../shared/preprocess';
import { ImportError } from './import-error';
import { WORKERD_WASM_KERNELS } from './workerd-wasm-kernels';

/** What one forward pass of an imported model showed. */
export interface ForwardPassCheck {
  /** Every kernel the forward pass ran, sorted. */
  kernels: string[];
  /** Output values per image (`[1, classes]` → classes). */
  outputs: number;
}

/**
 * Runs one forward pass of `model` on a mid-gray image on the active backend and checks that it
 * would run in the worker: every kernel it used is one workerd's wasm backend has
 * (`WORKERD_WASM_KERNELS`), the output is one row of class scores, and they are finite.
 * Throws `ImportError` naming the missing kernels.
 */
export async function checkWorkerKernels(model: tfl.LayersModel, input: InputSpec): Promise<ForwardPassCheck> {
  let profile: Awaited<ReturnType<typeof tf.profile>>;
  try {
    profile = await tf.profile(() => model.predict(tf.fill([1, input.height, input.width, input.channels], 0.5)) as tf.Tensor);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new ImportError(`a forward pass of the model fails on the ${tf.getBackend()} backend: ${message}`);
  }
  const output = profile.result as tf.Tensor;
  const values = (await output.data()) as Float32Array;
  const shape = output.shape;
  output.dispose();
  // The profile also lists the scopes of ops with a custom gradient (`fusedConv2d__op`), which
  // wrap the real kernel (`FusedConv2D`): not kernels.
  const kernels = [...new Set(profile.kernelNames)].filter((name) => !name.endsWith('__op')).sort();
  const missing = kernels.filter((name) => !WORKERD_WASM_KERNELS.has(name));
  if (missing.length > 0) {
    throw new ImportError(`the model runs tfjs kernels the worker's wasm backend does not have: ${missing.join(', ')}`);
  }
  if (shape.length !== 2 || shape[0] !== 1) {
    throw new ImportError(`the model's output is [${shape.join(', ')}] for one image; a classifier outputs [batch, classes]`);
  }
  if (!values.every(Number.isFinite)) throw new ImportError('the model outputs non-finite scores for a plain gray image (NaN or Inf weights?)');
  return { kernels, outputs: shape[1] ?? 0 };
}
