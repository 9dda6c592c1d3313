import { backend_util, DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { float32HeapView, requireInput, wasmBackendOf } from './wasm-internals';

/**
 * `DepthwiseConv2dNativeBackpropFilter` for the wasm backend, which ships
 * none: a JS loop over wasm memory with float64 accumulators. Dilation 1 only,
 * like the tfjs gradient of depthwise convolutions that calls it.
 */
export function createDepthwiseConv2dBackpropFilterKernel(): KernelConfig {
  function depthwiseConv2dBackpropFilter(args: Parameters<KernelFunc>[0]): TensorInfo {
    const backend = wasmBackendOf(args.backend);
    const x = requireInput(args.inputs, 'x', DepthwiseConv2dNativeBackpropFilter); // [B, H, W, C]
    const dy = requireInput(args.inputs, 'dy', DepthwiseConv2dNativeBackpropFilter); // [B, OH, OW, C·M]
    const { strides, dilations, pad, dimRoundingMode, filterShape } =
      args.attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
      throw new Error(`DepthwiseConv2dNativeBackpropFilter on wasm supports float32 only, got x ${x.dtype} and dy ${dy.dtype}`);
    }
    const convInfo = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, dilations, pad, dimRoundingMode, true);
    if (convInfo.dilationHeight !== 1 || convInfo.dilationWidth !== 1) {
      throw new Error(`DepthwiseConv2dNativeBackpropFilter on wasm supports dilation 1 only, got [${convInfo.dilationHeight}, ${convInfo.dilationWidth}]`);
    }
    const expectedDyShape = convInfo.outShape.join(',');
    if (dy.shape.join(',') !== expectedDyShape) {
      throw new Error(`DepthwiseConv2dNativeBackpropFilter: dy shape [${dy.shape.join(', ')}] does not match the conv output [${expectedDyShape}]`);
    }
    const dw = backend.makeOutput([...convInfo.filterShape], 'float32'); // [KH, KW, C, M]
    // Views after the allocation: growing wasm memory detaches earlier ones.
    accumulateDepthwiseFilterGradient(float32HeapView(backend, x), float32HeapView(backend, dy), convInfo, float32HeapView(backend, dw));
    return dw;
  }

  return {
    kernelName: DepthwiseConv2dNativeBackpropFilter,
    backendName: 'wasm',
    kernelFunc: depthwiseConv2dBackpropFilter,
  };
}

/** dw[kh, kw, c, m] = Σ_{b, oh, ow} x[b, oh·sh + kh − top, ow·sw + kw − left, c] · dy[b, oh, ow, c·M + m]. */
function accumulateDepthwiseFilterGradient(x: Float32Array, dy: Float32Array, convInfo: backend_util.Conv2DInfo, dw: Float32Array): void {
  const {
    batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels,
    filterHeight, filterWidth, strideHeight, strideWidth, padInfo,
  } = convInfo;
  const multiplier = outChannels / inChannels;
  const sums = new Float64Array(filterHeight * filterWidth * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyPixel = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh - padInfo.top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw - padInfo.left;
            if (iw < 0 || iw >= inWidth) continue;
            const xPixel = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const tap = (kh * filterWidth + kw) * outChannels;
            if (multiplier === 1) {
              // The MobileNet case: 2× faster without the inner multiplier loop.
              for (let c = 0; c < inChannels; c++) {
                // In bounds: ih, iw were checked; c < C = C·M.
                sums[tap + c] = sums[tap + c]! + x[xPixel + c]! * dy[dyPixel + c]!;
              }
              continue;
            }
            for (let c = 0; c < inChannels; c++) {
              // In bounds: ih, iw were checked; c < C and c·M + m < C·M.
              const xValue = x[xPixel + c]!;
              for (let m = 0; m < multiplier; m++) {
                const channel = c * multiplier + m;
                sums[tap + channel] = sums[tap + channel]! + xValue * dy[dyPixel + channel]!;
              }
            }
          }
        }
      }
    }
  }
  dw.set(sums);
}
