import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * dilated[b, oh·sh, ow·sw, :] = dy[b, oh, ow, :], zeros elsewhere.
 * `dy` is `[B, OH, OW, C]`, `dilated` is `[B, (OH − 1)·sh + 1, (OW − 1)·sw + 1, C]`
 * with C = `convInfo.outChannels`.
 */
export function writeZeroDilated(dy: Float32Array, convInfo: backend_util.Conv2DInfo, dilated: Float32Array): void {
  const { batchSize, outHeight, outWidth, outChannels, strideHeight, strideWidth } = convInfo;
  const dilatedWidth = (outWidth - 1) * strideWidth + 1;
  const dilatedRow = dilatedWidth * outChannels;
  const dilatedBatch = ((outHeight - 1) * strideHeight + 1) * dilatedRow;
  dilated.fill(0);
  let source = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, source += outChannels) {
        const target = b * dilatedBatch + oh * strideHeight * dilatedRow + ow * strideWidth * outChannels;
        dilated.set(dy.subarray(source, source + outChannels), target);
      }
    }
  }
}
