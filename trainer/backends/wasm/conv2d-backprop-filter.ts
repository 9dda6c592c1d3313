import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernelsOf } from './simd-kernels';
import type { StockWasmKernels } from './stock-wasm-kernels';
import { writeTransposedIm2col } from './transposed-im2col';
import { disposeIntermediates, float32HeapView, heapOffset, requireInput, wasmBackendOf } from './wasm-internals';

/**
 * `Conv2DBackpropFilter` for the wasm backend, which ships none (the filter
 * gradient of every conv layer).
 *
 * - stride 1, unpadded, Co % 16 = 0: a wasm SIMD kernel
 *   (`isSimdFilterGradient`), 3–10× faster than the XNNPACK paths below.
 * - stride 1: with batch and channel axes swapped, dW is one ordinary XNNPACK
 *   `Conv2D` of x (as `[Ci, H, W, B]`) with dy (as the filter `[OH, OW, B, Co]`).
 *   (With 1–4 input channels im2col costs the same; with more the conv wins,
 *   e.g. 3.9 vs 6.3 ms for the reference CNN's second layer at batch 64.)
 * - stride > 1: the transposed im2col matrix is written straight into wasm
 *   memory and multiplied by dy with the stock `BatchMatMul` without transpose
 *   flags (with a flag it falls back to a scalar loop).
 */
export function createConv2DBackpropFilterKernel(stock: StockWasmKernels): KernelConfig {
  function conv2dBackpropFilter(args: Parameters<KernelFunc>[0]): TensorInfo {
    const backend = wasmBackendOf(args.backend);
    const x = requireInput(args.inputs, 'x', Conv2DBackpropFilter); // [B, H, W, Ci]
    const dy = requireInput(args.inputs, 'dy', Conv2DBackpropFilter); // [B, OH, OW, Co]
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    if (dataFormat !== 'NHWC') {
      throw new Error(`Conv2DBackpropFilter on wasm supports dataFormat 'NHWC' only, got '${dataFormat}'`);
    }
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
      throw new Error(`Conv2DBackpropFilter on wasm supports float32 only, got x ${x.dtype} and dy ${dy.dtype}`);
    }
    const convInfo = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const expectedDyShape = convInfo.outShape.join(',');
    if (dy.shape.join(',') !== expectedDyShape) {
      throw new Error(`Conv2DBackpropFilter: dy shape [${dy.shape.join(', ')}] does not match the conv output [${expectedDyShape}]`);
    }
    if (isSimdFilterGradient(convInfo)) {
      return filterGradientBySimd(backend, x, dy, convInfo);
    }
    return convInfo.strideHeight === 1 && convInfo.strideWidth === 1
      ? filterGradientByConv(backend, x, dy, convInfo)
      : filterGradientByIm2col(backend, x, dy, convInfo);
  }

  function filterGradientBySimd(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, convInfo: backend_util.Conv2DInfo): TensorInfo {
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = convInfo;
    const dw = backend.makeOutput([...convInfo.filterShape], 'float32'); // [KH, KW, Ci, Co]
    float32HeapView(backend, dw).fill(0);
    simdKernelsOf(backend).convFilterGradient(heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dw),
      batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth);
    return dw;
  }

  function filterGradientByConv(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, convInfo: backend_util.Conv2DInfo): TensorInfo {
    const { padInfo, filterShape } = convInfo;
    // dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh + kh − top, ow + kw − left, ci] · dy[b, oh, ow, co]
    const xSwapped = stock.transpose.run({ x }, { perm: [3, 1, 2, 0] }, backend); // [Ci, H, W, B]
    const dyAsFilter = stock.transpose.run({ x: dy }, { perm: [1, 2, 0, 3] }, backend); // [OH, OW, B, Co]
    const explicitPad: NamedAttrMap[string] = [[0, 0], [padInfo.top, padInfo.bottom], [padInfo.left, padInfo.right], [0, 0]];
    const dwSwapped = stock.conv2d.run( // [Ci, KH, KW, Co]
      { x: xSwapped, filter: dyAsFilter },
      { strides: 1, pad: explicitPad, dataFormat: 'NHWC', dilations: 1 },
      backend);
    const [filterHeight, filterWidth, inChannels, outChannels] = filterShape;
    const expected = [inChannels, filterHeight, filterWidth, outChannels].join(',');
    if (dwSwapped.shape.join(',') !== expected) {
      disposeIntermediates(backend, [xSwapped, dyAsFilter, dwSwapped]);
      throw new Error(`Conv2DBackpropFilter: swapped conv gave [${dwSwapped.shape.join(', ')}], expected [${expected}]`);
    }
    const dw = stock.transpose.run({ x: dwSwapped }, { perm: [1, 2, 0, 3] }, backend); // [KH, KW, Ci, Co]
    disposeIntermediates(backend, [xSwapped, dyAsFilter, dwSwapped]);
    return dw;
  }

  function filterGradientByIm2col(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, convInfo: backend_util.Conv2DInfo): TensorInfo {
    const { batchSize, outHeight, outWidth, filterShape } = convInfo;
    const [filterHeight, filterWidth, inChannels, outChannels] = filterShape;
    const patchSize = filterHeight * filterWidth * inChannels;
    const positions = batchSize * outHeight * outWidth;
    const colsT = backend.makeOutput([1, patchSize, positions], 'float32'); // [1, KH·KW·Ci, B·OH·OW]
    // Views after the allocation: growing wasm memory detaches earlier ones.
    writeTransposedIm2col(float32HeapView(backend, x), convInfo, float32HeapView(backend, colsT));
    const dyMatrix: TensorInfo = { dataId: dy.dataId, shape: [1, positions, outChannels], dtype: 'float32' }; // [1, B·OH·OW, Co]
    const dw = stock.batchMatMul.run( // [1, KH·KW·Ci, Co]
      { a: colsT, b: dyMatrix }, { transposeA: false, transposeB: false }, backend);
    disposeIntermediates(backend, [colsT]);
    // Same bytes, row-major [KH, KW, Ci, Co]; the stock kernels relabel shapes the same way.
    dw.shape = [...filterShape];
    return dw;
  }

  return {
    kernelName: Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropFilter,
  };
}

/**
 * Whether the SIMD kernel computes this filter gradient: stride 1, no padding or dilation,
 * Co % 16 = 0. XNNPACK spends most of its time packing dy as a fresh filter on every call; at
 * batch 32 the kernel takes 0.16 vs 1.7 ms for the reference CNN's first layer
 * ([32, 28, 28, 1] → 16, 3×3) and 0.67 vs 2.0 ms for its second ([32, 13, 13, 16] → 32).
 */
function isSimdFilterGradient(convInfo: backend_util.Conv2DInfo): boolean {
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo, outChannels } = convInfo;
  return strideHeight === 1 && strideWidth === 1 && dilationHeight === 1 && dilationWidth === 1
    && padInfo.top === 0 && padInfo.bottom === 0 && padInfo.left === 0 && padInfo.right === 0
    && outChannels % 16 === 0 && convInfo.batchSize * convInfo.outHeight * convInfo.outWidth * convInfo.inChannels > 0;
}
