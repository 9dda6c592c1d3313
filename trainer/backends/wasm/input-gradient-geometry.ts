import type { backend_util } from '@tensorflow/tfjs-core';

/** How to compute a conv's input gradient as a stride-1 correlation of dy with the flipped filter. */
export interface InputGradientGeometry {
  /** dy with stride − 1 zeros between neighbours: `(OH − 1)·sh + 1` rows. */
  readonly dilatedHeight: number;
  /** `(OW − 1)·sw + 1` columns. */
  readonly dilatedWidth: number;
  /** Explicit NHWC padding of the dilated dy so the correlation yields `[B, H, W, ·]`. */
  readonly pad: [[number, number], [number, number], [number, number], [number, number]];
  /** False when the forward padding exceeds the filter (negative padding here); use another method then. */
  readonly isExpressible: boolean;
}

/**
 * Padding for dx = correlate(zero-dilate(dy), flip(filter)): the full
 * correlation needs KH − 1 − top rows above, and enough below to reach H rows.
 */
export function inputGradientGeometry(convInfo: backend_util.Conv2DInfo): InputGradientGeometry {
  const {
    inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth,
    effectiveFilterHeight, effectiveFilterWidth, padInfo,
  } = convInfo;
  const dilatedHeight = (outHeight - 1) * strideHeight + 1;
  const dilatedWidth = (outWidth - 1) * strideWidth + 1;
  const top = effectiveFilterHeight - 1 - padInfo.top;
  const left = effectiveFilterWidth - 1 - padInfo.left;
  const bottom = inHeight + effectiveFilterHeight - 1 - dilatedHeight - top;
  const right = inWidth + effectiveFilterWidth - 1 - dilatedWidth - left;
  return {
    dilatedHeight,
    dilatedWidth,
    pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
    isExpressible: Math.min(top, bottom, left, right) >= 0,
  };
}
