import { BatchMatMul } from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernelsOf } from './simd-kernels';
import type { StockWasmKernels } from './stock-wasm-kernels';
import { disposeIntermediates, heapOffset, requireInput, wasmBackendOf } from './wasm-internals';

/**
 * `BatchMatMul` for the wasm backend.
 *
 * - One float32 matrix pair whose product has a multiple of 16 columns: a wasm
 *   SIMD kernel, which reads a transposed A in place and needs B untransposed
 *   (a transposed B is transposed first). XNNPACK packs B afresh on every call,
 *   which dominates at these sizes: 0.43 → 0.13 ms for the reference CNN's
 *   dense layer, [32, 800] · [800, 64]; 0.13 → 0.08 ms for its weight
 *   gradient [32, 800]ᵀ · [32, 64]. The sums run in the same order as
 *   XNNPACK's (float32, k ascending).
 * - Otherwise operands are transposed explicitly before calling the stock
 *   kernel without transpose flags: it uses XNNPACK only then, and a scalar
 *   loop otherwise (2.9 → 0.3 ms for [64, 800]ᵀ · [64, 64]).
 */
export function createBatchMatMulKernel(stock: StockWasmKernels): KernelConfig {
  function batchMatMul(args: Parameters<KernelFunc>[0]): TensorInfo {
    const backend = wasmBackendOf(args.backend);
    const a = requireInput(args.inputs, 'a', BatchMatMul); // [..., M, K] or [..., K, M] when transposeA
    const b = requireInput(args.inputs, 'b', BatchMatMul); // [..., K, N] or [..., N, K] when transposeB
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    if (isSimdProduct(a, b, transposeB)) {
      return productBySimd(backend, a, b, transposeA, transposeB);
    }
    const noFlags = { transposeA: false, transposeB: false };
    if (!transposeA && !transposeB) {
      return stock.batchMatMul.run({ a, b }, noFlags, backend);
    }
    const aPlain = transposeA ? swapInnerAxes(backend, a) : a; // [..., M, K]
    const bPlain = transposeB ? swapInnerAxes(backend, b) : b; // [..., K, N]
    const product = stock.batchMatMul.run({ a: aPlain, b: bPlain }, noFlags, backend); // [..., M, N]
    disposeIntermediates(backend, [...(transposeA ? [aPlain] : []), ...(transposeB ? [bPlain] : [])]);
    return product;
  }

  function productBySimd(backend: BackendWasm, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo {
    const [aRows, aColumns] = a.shape.slice(-2) as [number, number];
    const [rows, depth] = transposeA ? [aColumns, aRows] : [aRows, aColumns];
    const columns = (transposeB ? b.shape.at(-2) : b.shape.at(-1)) as number; // N
    const batchRank = Math.max(a.shape.length, b.shape.length) - 2;
    const product = backend.makeOutput([...Array<number>(batchRank).fill(1), rows, columns], 'float32'); // [1…, M, N]
    const bPlain = transposeB ? swapInnerAxes(backend, b) : b; // [1…, K, N]
    // A(m, k) is a[m·K + k], or a[k·M + m] when transposed.
    simdKernelsOf(backend).matMul(heapOffset(backend, a), heapOffset(backend, bPlain), heapOffset(backend, product),
      rows, depth, columns, transposeA ? 1 : depth, transposeA ? rows : 1);
    if (transposeB) disposeIntermediates(backend, [bPlain]);
    return product;
  }

  function swapInnerAxes(backend: BackendWasm, x: TensorInfo): TensorInfo {
    const rank = x.shape.length;
    const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
    return stock.transpose.run({ x }, { perm }, backend);
  }

  return {
    kernelName: BatchMatMul,
    backendName: 'wasm',
    kernelFunc: batchMatMul,
    // Binds the stock kernel's wasm export, which batchMatMul delegates to.
    setupFunc: stock.batchMatMul.setupFunc,
  };
}

/** One float32 matrix on each side (batch dimensions all 1), non-empty, and N % 16 = 0. */
function isSimdProduct(a: TensorInfo, b: TensorInfo, transposeB: boolean): boolean {
  const isSingleMatrix = (x: TensorInfo): boolean => x.shape.length >= 2 && x.shape.slice(0, -2).every((size) => size === 1);
  const columns = transposeB ? b.shape.at(-2) : b.shape.at(-1);
  return a.dtype === 'float32' && b.dtype === 'float32' && isSingleMatrix(a) && isSingleMatrix(b)
    && columns !== undefined && columns % 16 === 0 && a.shape.every((size) => size > 0) && b.shape.every((size) => size > 0);
}
