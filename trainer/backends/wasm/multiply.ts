import { Multiply } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernelsOf } from './simd-kernels';
import type { StockWasmKernels } from './stock-wasm-kernels';
import { heapOffset, requireInput, wasmBackendOf } from './wasm-internals';

/**
 * `Multiply` for the wasm backend with a SIMD loop for two float32 tensors of one shape (as the
 * ReLU gradient multiplies dy by its mask; a multiple of 8 elements), which the stock kernel
 * runs through a fresh XNNPACK operator per call. Every other call runs the stock kernel.
 */
export function createMultiplyKernel(stock: StockWasmKernels): KernelConfig {
  function multiply(args: Parameters<KernelFunc>[0]): TensorInfo {
    const backend = wasmBackendOf(args.backend);
    const a = requireInput(args.inputs, 'a', Multiply);
    const b = requireInput(args.inputs, 'b', Multiply);
    const size = a.shape.reduce((product, dim) => product * dim, 1);
    const isSameShape = a.shape.length === b.shape.length && a.shape.every((dim, axis) => dim === b.shape[axis]);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !isSameShape || size === 0 || size % 8 !== 0) {
      return stock.multiply.run(args.inputs, args.attrs ?? {}, backend);
    }
    const out = backend.makeOutput([...a.shape], 'float32');
    simdKernelsOf(backend).multiply(heapOffset(backend, a), heapOffset(backend, b), heapOffset(backend, out), size);
    return out;
  }
  return { kernelName: Multiply, backendName: 'wasm', kernelFunc: multiply, setupFunc: stock.multiply.setupFunc };
}
