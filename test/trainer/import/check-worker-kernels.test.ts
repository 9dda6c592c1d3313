import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { checkWorkerKernels } from '../../../trainer/import/check-worker-kernels';

/** A layer whose forward pass needs `Einsum`, a kernel the cpu backend has and the wasm backend lacks. */
class EinsumPool extends tfl.layers.Layer {
  static className = 'EinsumPool';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x] = Array.isArray(inputs) ? inputs : [inputs];
    if (x === undefined) throw new Error('EinsumPool needs an input');
    return tf.einsum('bhwc->bc', x); // [batch, channels]
  }
  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [batch, , , channels] = shape as tfl.Shape;
    return [batch ?? null, channels ?? null];
  }
}
tf.serialization.registerClass(EinsumPool);

function model(withEinsum: boolean): tfl.LayersModel {
  const built = tfl.sequential();
  built.add(tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, activation: 'relu' }));
  built.add(withEinsum ? new EinsumPool({}) : tfl.layers.globalAveragePooling2d({}));
  built.add(tfl.layers.dense({ units: 2, activation: 'softmax' }));
  return built;
}

const input = { height: 8, width: 8, channels: 3 as const };

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('checkWorkerKernels', () => {
  it('should list the kernels of a forward pass, all in workerd\'s wasm backend', async () => {
    await initWasmTrainingBackend();
    const checked = await checkWorkerKernels(model(false), input);
    expect(checked.outputs).toBe(2);
    expect(checked.kernels).toEqual(expect.arrayContaining(['FusedConv2D', 'Mean', 'Softmax', '_FusedMatMul']));
    expect(checked.kernels.some((name) => name.endsWith('__op'))).toBe(false);
  });

  it('should refuse a model whose forward pass fails on wasm', async () => {
    await initWasmTrainingBackend();
    await expect(checkWorkerKernels(model(true), input)).rejects.toThrow(
      "a forward pass of the model fails on the wasm backend: Kernel 'Einsum' not registered for backend 'wasm'",
    );
  });

  it('should refuse a model that ran on another backend with a kernel workerd lacks', async () => {
    await tf.setBackend('cpu');
    await expect(checkWorkerKernels(model(true), input)).rejects.toThrow(
      "the model runs tfjs kernels the worker's wasm backend does not have: Einsum",
    );
  });
});
