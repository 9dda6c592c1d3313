import { backend_util, Sum, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, SumAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernelsOf } from './simd-kernels';
import type { StockWasmKernels } from './stock-wasm-kernels';
import { disposeIntermediates, float32HeapView, heapOffset, requireInput, wasmBackendOf } from './wasm-internals';

/**
 * `Sum` for the wasm backend with a SIMD path for sums over the leading axes of a float32 tensor
 * whose kept inner size is a multiple of 4 — the bias gradients of conv and dense layers
 * (`[B, H, W, C]` → `[C]`), which the stock kernel transposes first (1.3 → ≈0.1 ms for
 * [64, 26, 26, 16]). Rows are summed in blocks of 64, then the blocks, for a float32 error close
 * to the stock kernel's. Every other call runs the stock kernel.
 */
export function createSumKernel(stock: StockWasmKernels): KernelConfig {
  function sum(args: Parameters<KernelFunc>[0]): TensorInfo {
    const backend = wasmBackendOf(args.backend);
    const x = requireInput(args.inputs, 'x', Sum);
    const { axis, keepDims } = (args.attrs ?? {}) as unknown as SumAttrs;
    const axes = util.parseAxisParam(axis, x.shape).sort((first, second) => first - second);
    const isLeading = axes.length > 0 && axes.length < x.shape.length && axes.every((value, index) => value === index);
    const columns = util.sizeFromShape(x.shape.slice(axes.length));
    const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
    if (!isLeading || x.dtype !== 'float32' || columns % 4 !== 0 || rows === 0 || columns === 0) {
      return stock.sum.run(args.inputs, args.attrs ?? {}, backend);
    }
    const kept = x.shape.slice(axes.length);
    const outShape = keepDims === true ? backend_util.expandShapeToKeepDim(kept, axes) : kept;
    const out = backend.makeOutput(outShape, 'float32');
    const partial = backend.makeOutput([columns], 'float32'); // scratch: one block's sums
    float32HeapView(backend, out).fill(0);
    simdKernelsOf(backend).sumRows(heapOffset(backend, x), heapOffset(backend, out), heapOffset(backend, partial), rows, columns);
    disposeIntermediates(backend, [partial]);
    return out;
  }
  return { kernelName: Sum, backendName: 'wasm', kernelFunc: sum, setupFunc: stock.sum.setupFunc };
}
