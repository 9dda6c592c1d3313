import { backend_util, DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropInputAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { inputGradientGeometry } from './input-gradient-geometry';
import type { InputGradientGeometry } from './input-gradient-geometry';
import type { StockWasmKernels } from './stock-wasm-kernels';
import { disposeIntermediates, float32HeapView, requireInput, wasmBackendOf } from './wasm-internals';
import { writeZeroDilated } from './write-zero-dilated';

/**
 * `DepthwiseConv2dNativeBackpropInput` for the wasm backend, which ships none.
 * With channel multiplier 1 (MobileNets) it is one XNNPACK depthwise conv of
 * dy (zero-dilated when stride > 1, explicitly padded) with the spatially
 * flipped filter: about 5 ms instead of 54 ms for x [32, 48, 48, 32]. Otherwise a
 * JS loop gathers, for each input pixel, the dy values whose windows cover it
 * (float64 accumulators). Dilation 1 only, like the tfjs gradient that calls it.
 */
export function createDepthwiseConv2dBackpropInputKernel(stock: StockWasmKernels): KernelConfig {
  function depthwiseConv2dBackpropInput(args: Parameters<KernelFunc>[0]): TensorInfo {
    const backend = wasmBackendOf(args.backend);
    const dy = requireInput(args.inputs, 'dy', DepthwiseConv2dNativeBackpropInput); // [B, OH, OW, C·M]
    const filter = requireInput(args.inputs, 'filter', DepthwiseConv2dNativeBackpropInput); // [KH, KW, C, M]
    const { strides, dilations, pad, dimRoundingMode, inputShape } =
      args.attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    if (dy.dtype !== 'float32' || filter.dtype !== 'float32') {
      throw new Error(`DepthwiseConv2dNativeBackpropInput on wasm supports float32 only, got dy ${dy.dtype} and filter ${filter.dtype}`);
    }
    const convInfo = backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, true);
    if (convInfo.dilationHeight !== 1 || convInfo.dilationWidth !== 1) {
      throw new Error(`DepthwiseConv2dNativeBackpropInput on wasm supports dilation 1 only, got [${convInfo.dilationHeight}, ${convInfo.dilationWidth}]`);
    }
    const expectedDyShape = convInfo.outShape.join(',');
    if (dy.shape.join(',') !== expectedDyShape) {
      throw new Error(`DepthwiseConv2dNativeBackpropInput: dy shape [${dy.shape.join(', ')}] does not match the conv output [${expectedDyShape}]`);
    }
    const geometry = inputGradientGeometry(convInfo);
    if (convInfo.outChannels === convInfo.inChannels && geometry.isExpressible) {
      return correlateWithFlippedFilter(backend, dy, filter, convInfo, geometry);
    }
    const dx = backend.makeOutput([...convInfo.inShape], 'float32'); // [B, H, W, C]
    // Views after the allocation: growing wasm memory detaches earlier ones.
    gatherDepthwiseInputGradient(float32HeapView(backend, dy), float32HeapView(backend, filter), convInfo, float32HeapView(backend, dx));
    return dx;
  }

  function correlateWithFlippedFilter(
    backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, convInfo: backend_util.Conv2DInfo, geometry: InputGradientGeometry,
  ): TensorInfo {
    const { batchSize, inChannels, filterHeight, filterWidth, strideHeight, strideWidth } = convInfo;
    const isStrided = strideHeight > 1 || strideWidth > 1;
    const flippedFilter = backend.makeOutput([filterHeight, filterWidth, inChannels, 1], 'float32'); // [KH, KW, C, 1]
    const dilatedDy = isStrided
      ? backend.makeOutput([batchSize, geometry.dilatedHeight, geometry.dilatedWidth, inChannels], 'float32') // [B, dilH, dilW, C]
      : dy;
    // Views after the last allocation: growing wasm memory detaches earlier ones.
    writeSpatiallyFlipped(float32HeapView(backend, filter), convInfo, float32HeapView(backend, flippedFilter));
    if (isStrided) {
      writeZeroDilated(float32HeapView(backend, dy), convInfo, float32HeapView(backend, dilatedDy));
    }
    const dx = stock.depthwiseConv2d.run( // [B, H, W, C]
      { x: dilatedDy, filter: flippedFilter },
      { strides: 1, pad: geometry.pad, dilations: 1 },
      backend);
    disposeIntermediates(backend, isStrided ? [flippedFilter, dilatedDy] : [flippedFilter]);
    return dx;
  }

  return {
    kernelName: DepthwiseConv2dNativeBackpropInput,
    backendName: 'wasm',
    kernelFunc: depthwiseConv2dBackpropInput,
  };
}

/** flipped[KH−1−kh, KW−1−kw, c, 0] = filter[kh, kw, c, 0]. */
function writeSpatiallyFlipped(filter: Float32Array, convInfo: backend_util.Conv2DInfo, flipped: Float32Array): void {
  const { filterHeight, filterWidth, inChannels } = convInfo;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const source = (kh * filterWidth + kw) * inChannels;
      const target = ((filterHeight - 1 - kh) * filterWidth + (filterWidth - 1 - kw)) * inChannels;
      flipped.set(filter.subarray(source, source + inChannels), target);
    }
  }
}

/** dx[b, ih, iw, c] = Σ_{kh, kw, m} dy[b, (ih + top − kh)/sh, (iw + left − kw)/sw, c·M + m] · filter[kh, kw, c, m]. */
function gatherDepthwiseInputGradient(dy: Float32Array, filter: Float32Array, convInfo: backend_util.Conv2DInfo, dx: Float32Array): void {
  const {
    batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels,
    filterHeight, filterWidth, strideHeight, strideWidth, padInfo,
  } = convInfo;
  const multiplier = outChannels / inChannels;
  const sums = new Float64Array(inChannels);
  let dxPixel = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let ih = 0; ih < inHeight; ih++) {
      for (let iw = 0; iw < inWidth; iw++, dxPixel += inChannels) {
        sums.fill(0);
        for (let kh = 0; kh < filterHeight; kh++) {
          const rowOffset = ih + padInfo.top - kh;
          if (rowOffset < 0 || rowOffset % strideHeight !== 0) continue;
          const oh = rowOffset / strideHeight;
          if (oh >= outHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const colOffset = iw + padInfo.left - kw;
            if (colOffset < 0 || colOffset % strideWidth !== 0) continue;
            const ow = colOffset / strideWidth;
            if (ow >= outWidth) continue;
            const dyPixel = ((b * outHeight + oh) * outWidth + ow) * outChannels;
            const tap = (kh * filterWidth + kw) * outChannels;
            for (let channel = 0; channel < outChannels; channel++) {
              const c = (channel / multiplier) | 0;
              // In bounds: oh < OH, ow < OW were checked; channel < C·M.
              sums[c] = sums[c]! + dy[dyPixel + channel]! * filter[tap + channel]!;
            }
          }
        }
        dx.set(sums, dxPixel);
      }
    }
  }
}
