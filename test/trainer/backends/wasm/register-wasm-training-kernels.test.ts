import { getKernel } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels, wasmTrainingKernelNames } from '../../../../trainer/backends/wasm';

describe('registerWasmTrainingKernels', () => {
  it('should register every training kernel for wasm', () => {
    registerWasmTrainingKernels();
    for (const kernelName of wasmTrainingKernelNames) {
      expect(getKernel(kernelName, 'wasm')?.kernelName).toBe(kernelName);
    }
  });

  it('should leave the registry unchanged when called again', () => {
    registerWasmTrainingKernels();
    const first = wasmTrainingKernelNames.map((kernelName) => getKernel(kernelName, 'wasm'));
    registerWasmTrainingKernels();
    const second = wasmTrainingKernelNames.map((kernelName) => getKernel(kernelName, 'wasm'));
    second.forEach((config, index) => expect(config).toBe(first[index]));
  });

  it('should keep the stock setupFunc of the kernels it replaces', () => {
    registerWasmTrainingKernels();
    for (const kernelName of ['BatchMatMul', 'Conv2DBackpropInput', 'MaxPoolGrad']) {
      expect(typeof getKernel(kernelName, 'wasm').setupFunc).toBe('function');
    }
  });
});
