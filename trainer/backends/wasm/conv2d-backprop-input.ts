import { backend_util, Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { inputGradientGeometry } from './input-gradient-geometry';
import { convolveBySimd, isSimdConvolvable } from './simd-conv2d';
import type { StockWasmKernels } from './stock-wasm-kernels';
import { writeZeroDilated } from './write-zero-dilated';
import { disposeIntermediates, float32HeapView, requireInput, wasmBackendOf } from './wasm-internals';

/**
 * `Conv2DBackpropInput` for the wasm backend as one convolution: dx is the
 * full correlation of dy (zero-dilated when stride > 1, explicitly padded) with
 * the spatially flipped filter whose channel axes are swapped. With a multiple
 * of 16 input channels that runs as the SIMD `conv2dClipped` kernel
 * (`convolveBySimd`, skipping the taps that read only padding; 1.45 → ≈1.0 ms
 * for the reference CNN's second layer at batch 32 as a plain padded
 * convolution, then 1.12 → 0.98 ms from the skipping), otherwise as an XNNPACK
 * `Conv2D`. Either replaces the stock naive C++ loop (23.7 → 3.2
 * ms with XNNPACK at batch 64); padding a correlation cannot express (explicit
 * pads beyond the filter) and non-NHWC/non-float32 calls fall back to the
 * stock kernel.
 */
export function createConv2DBackpropInputKernel(stock: StockWasmKernels): KernelConfig {
  function conv2dBackpropInput(args: Parameters<KernelFunc>[0]): TensorInfo {
    const backend = wasmBackendOf(args.backend);
    const attrs = args.attrs ?? {};
    const dy = requireInput(args.inputs, 'dy', Conv2DBackpropInput); // [B, OH, OW, Co]
    const filter = requireInput(args.inputs, 'filter', Conv2DBackpropInput); // [KH, KW, Ci, Co]
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
    if (dataFormat !== 'NHWC' || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
      return stock.conv2dBackpropInput.run(args.inputs, attrs, backend);
    }
    const convInfo = backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize, inChannels, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = convInfo;
    const expectedDyShape = convInfo.outShape.join(',');
    if (dy.shape.join(',') !== expectedDyShape) {
      throw new Error(`Conv2DBackpropInput: dy shape [${dy.shape.join(', ')}] does not match the conv output [${expectedDyShape}]`);
    }
    const geometry = inputGradientGeometry(convInfo);
    if (!geometry.isExpressible) {
      return stock.conv2dBackpropInput.run(args.inputs, attrs, backend);
    }

    const isStrided = strideHeight > 1 || strideWidth > 1;
    const flippedFilter = backend.makeOutput([filterHeight, filterWidth, outChannels, inChannels], 'float32'); // [KH, KW, Co, Ci]
    const dilatedDy = isStrided
      ? backend.makeOutput([batchSize, geometry.dilatedHeight, geometry.dilatedWidth, outChannels], 'float32') // [B, dilH, dilW, Co]
      : dy;
    // Views after the last allocation: growing wasm memory detaches earlier ones.
    writeFlippedFilter(float32HeapView(backend, filter), convInfo, float32HeapView(backend, flippedFilter));
    if (isStrided) {
      writeZeroDilated(float32HeapView(backend, dy), convInfo, float32HeapView(backend, dilatedDy));
    }
    const [, [top, bottom], [left, right]] = geometry.pad;
    const dx = isSimdConvolvable(flippedFilter) // [B, H, W, Ci]
      ? convolveBySimd(backend, dilatedDy, flippedFilter, { top, bottom, left, right })
      : stock.conv2d.run(
        { x: dilatedDy, filter: flippedFilter },
        { strides: 1, pad: geometry.pad, dataFormat: 'NHWC', dilations: 1 },
        backend);
    disposeIntermediates(backend, isStrided ? [flippedFilter, dilatedDy] : [flippedFilter]);
    return dx;
  }

  return {
    kernelName: Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropInput,
    setupFunc: stock.conv2dBackpropInput.setupFunc,
  };
}

/** flipped[KH−1−kh, KW−1−kw, co, ci] = filter[kh, kw, ci, co]. */
function writeFlippedFilter(filter: Float32Array, convInfo: backend_util.Conv2DInfo, flipped: Float32Array): void {
  const { filterHeight, filterWidth, inChannels, outChannels } = convInfo;
  const tapSize = inChannels * outChannels;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const source = (kh * filterWidth + kw) * tapSize;
      const target = ((filterHeight - 1 - kh) * filterWidth + (filterWidth - 1 - kw)) * tapSize;
      for (let ci = 0; ci < inChannels; ci++) {
        for (let co = 0; co < outChannels; co++) {
          // In bounds: both offsets stay within one tap of KH·KW·Ci·Co elements.
          flipped[target + co * inChannels + ci] = filter[source + ci * outChannels + co]!;
        }
      }
    }
  }
}
