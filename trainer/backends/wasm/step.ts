import { Step } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, StepAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernelsOf } from './simd-kernels';
import type { StockWasmKernels } from './stock-wasm-kernels';
import { heapOffset, requireInput, wasmBackendOf } from './wasm-internals';

/**
 * `Step` for the wasm backend (x > 0 ? 1 : alpha, NaN kept; the ReLU gradient's mask) as a SIMD
 * loop for float32 tensors of a multiple of 8 elements; every other call runs the stock kernel.
 */
export function createStepKernel(stock: StockWasmKernels): KernelConfig {
  function step(args: Parameters<KernelFunc>[0]): TensorInfo {
    const backend = wasmBackendOf(args.backend);
    const x = requireInput(args.inputs, 'x', Step);
    const { alpha } = (args.attrs ?? {}) as unknown as StepAttrs;
    const size = x.shape.reduce((product, dim) => product * dim, 1);
    if (x.dtype !== 'float32' || size === 0 || size % 8 !== 0) {
      return stock.step.run(args.inputs, args.attrs ?? {}, backend);
    }
    const out = backend.makeOutput([...x.shape], 'float32');
    simdKernelsOf(backend).step(heapOffset(backend, x), heapOffset(backend, out), size, alpha);
    return out;
  }
  return { kernelName: Step, backendName: 'wasm', kernelFunc: step, setupFunc: stock.step.setupFunc };
}
