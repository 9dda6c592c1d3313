import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * Writes the im2col matrix of `x` in transposed layout, so that
 * `dW = colsT · dy` needs no transpose flag:
 *
 *   colsT[(kh·KW + kw)·Ci + ci][(b·OH + oh)·OW + ow] = x[b, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci]
 *
 * (zero where the window reaches into padding). `colsT` has
 * `KH·KW·Ci × B·OH·OW` elements; `x` is NHWC.
 */
export function writeTransposedIm2col(x: Float32Array, convInfo: backend_util.Conv2DInfo, colsT: Float32Array): void {
  const {
    batchSize, inHeight, inWidth, inChannels, outHeight, outWidth,
    filterHeight, filterWidth, strideHeight, strideWidth, padInfo,
  } = convInfo;
  const columns = batchSize * outHeight * outWidth;
  const xRowStride = inWidth * inChannels;
  const xBatchStride = inHeight * xRowStride;
  let row = 0;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      // Output columns whose window column (ow·sw + kw − padLeft) lies inside x.
      const owMin = Math.max(0, Math.ceil((padInfo.left - kw) / strideWidth));
      const owEnd = Math.min(outWidth, Math.ceil((inWidth + padInfo.left - kw) / strideWidth));
      for (let ci = 0; ci < inChannels; ci++, row++) {
        let col = row * columns;
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const ih = oh * strideHeight + kh - padInfo.top;
            if (ih < 0 || ih >= inHeight || owMin >= owEnd) {
              colsT.fill(0, col, col + outWidth);
              col += outWidth;
              continue;
            }
            colsT.fill(0, col, col + owMin);
            let xIndex = b * xBatchStride + ih * xRowStride + (owMin * strideWidth + kw - padInfo.left) * inChannels + ci;
            const xStep = strideWidth * inChannels;
            for (let ow = owMin; ow < owEnd; ow++, xIndex += xStep) {
              // In bounds: ih was checked above and ow ∈ [owMin, owEnd) keeps the column inside x.
              colsT[col + ow] = x[xIndex]!;
            }
            colsT.fill(0, col + owEnd, col + outWidth);
            col += outWidth;
          }
        }
      }
    }
  }
}
