import { twoByFourVectorProduct, zeroTwoByFourAccumulators } from './wat-outer-product';

/**
 * WAT of the SIMD stride-1 convolutions: `conv2d` over an unpadded x and `conv2dClipped` over a
 * zero-padded copy, which skips the filter rows and columns that read only padding. Both come from
 * `convolutionWat`, so they share every instruction but the clipping. Part of the module
 * `simdKernelsOf` assembles; conventions there.
 */
export const CONV2D_WAT = `${convolutionWat(false)} ${convolutionWat(true)}`;

/**
 * Output pixels go in pairs (A, then B the next one in row-major order; the last pixel of an odd
 * count is computed as both), sharing each filter load: 8 vector accumulators for 16 channels of 2
 * pixels. Per pixel the taps run kh, then kw and ci (contiguous in x and w), with float32 mul and
 * add in the order XNNPACK uses, so unclipped results match its Conv2D bit for bit.
 *
 * Clipped: x's real rows are [padTop, padTop + realHeight) and real columns [padLeft, padLeft +
 * realWidth); per pair, only the filter rows [khLo, khHi) and columns [kwLo, kwHi) that read a real
 * value for A or B run (the union of both pixels' ranges, so the padding must still be in memory).
 * For the reference CNN's Conv2DBackpropInput (dy padded by 2) that skips 19% of the taps.
 */
function convolutionWat(isClipped: boolean): string {
  const clipped = (text: string): string => (isClipped ? text : '');
  return String.raw`
  ;; Stride-1 convolution, NHWC, outChannels % 16 = 0 (see convolutionWat):
  ;; out[b, oh, ow, co] = Σ_{kh, kw, ci} x[b, oh + kh, ow + kw, ci] · w[kh, kw, ci, co].
  (func ${isClipped ? '$conv2dClipped (export "conv2dClipped")' : '$conv2d (export "conv2d")'}
    (param $x i32) (param $w i32) (param $out i32) (param $batch i32) (param $inHeight i32)
    (param $inWidth i32) (param $inChannels i32) (param $outHeight i32) (param $outWidth i32)
    (param $outChannels i32) (param $filterHeight i32) (param $filterWidth i32)${clipped(`
    (param $padTop i32) (param $padLeft i32) (param $realHeight i32) (param $realWidth i32)
    (local $ohA i32) (local $owA i32) (local $khLo i32) (local $khHi i32) (local $kwLo i32) (local $kwHi i32)
    (local $xSkip i32) (local $wSkip i32) (local $kwStride i32)`)}
    (local $pixelIn i32) (local $pixelOut i32) (local $inRow i32) (local $wRow i32) (local $run i32)
    (local $rowSkip i32) (local $imageSkip i32) (local $pixels i32) (local $p i32)
    (local $ow i32) (local $oh i32) (local $xA i32) (local $xB i32) (local $outA i32) (local $outB i32)
    (local $kh i32) (local $block i32) (local $xpA i32) (local $xpB i32) (local $wp i32) (local $runEnd i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128) (local $s v128) (local $t v128)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local.set $pixelIn (i32.shl (local.get $inChannels) (i32.const 2)))
    (local.set $pixelOut (i32.shl (local.get $outChannels) (i32.const 2)))
    (local.set $inRow (i32.mul (local.get $inWidth) (local.get $pixelIn)))
    (local.set $run (i32.mul (local.get $filterWidth) (local.get $pixelIn)))
    (local.set $wRow (i32.mul (i32.mul (local.get $filterWidth) (local.get $inChannels)) (local.get $pixelOut)))${clipped(`
    (local.set $kwStride (i32.mul (local.get $inChannels) (local.get $pixelOut)))`)}
    (local.set $rowSkip (i32.sub (local.get $inRow) (i32.mul (local.get $outWidth) (local.get $pixelIn))))
    (local.set $imageSkip (i32.mul (i32.sub (local.get $inHeight) (local.get $outHeight)) (local.get $inRow)))
    (local.set $pixels (i32.mul (i32.mul (local.get $batch) (local.get $outHeight)) (local.get $outWidth)))
    ;; pixel A starts at x[0, 0, 0]; (oh, ow) are those of the pixel placed last (A, then B)
    (local.set $xA (local.get $x))
    (local.set $outA (local.get $out))
    (local.set $p (i32.const 0))
    (loop $pairs${clipped(`
      (local.set $ohA (local.get $oh))
      (local.set $owA (local.get $ow))`)}
      ;; B: the pixel after A, or A again when A is the last
      (local.set $xB (i32.add (local.get $xA) (local.get $pixelIn)))
      (local.set $outB (i32.add (local.get $outA) (local.get $pixelOut)))
      (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
      (if (i32.eq (local.get $ow) (local.get $outWidth)) (then
        (local.set $ow (i32.const 0))
        (local.set $xB (i32.add (local.get $xB) (local.get $rowSkip)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (if (i32.eq (local.get $oh) (local.get $outHeight)) (then
          (local.set $oh (i32.const 0))
          (local.set $xB (i32.add (local.get $xB) (local.get $imageSkip)))))))
      (if (i32.ge_u (i32.add (local.get $p) (i32.const 1)) (local.get $pixels)) (then
        (local.set $xB (local.get $xA))
        (local.set $outB (local.get $outA))))${clipped(`
      ;; the union of A's and B's ranges, B's (oh, ow) being the current ones (of a later pixel
      ;; when B is A: the union still covers A)
      (local.set $khLo (i32.sub (local.get $padTop)
        (select (local.get $ohA) (local.get $oh) (i32.gt_s (local.get $ohA) (local.get $oh)))))
      (if (i32.lt_s (local.get $khLo) (i32.const 0)) (then (local.set $khLo (i32.const 0))))
      (local.set $khHi (i32.sub (i32.add (local.get $padTop) (local.get $realHeight))
        (select (local.get $ohA) (local.get $oh) (i32.lt_s (local.get $ohA) (local.get $oh)))))
      (if (i32.gt_s (local.get $khHi) (local.get $filterHeight)) (then (local.set $khHi (local.get $filterHeight))))
      (local.set $kwLo (i32.sub (local.get $padLeft)
        (select (local.get $owA) (local.get $ow) (i32.gt_s (local.get $owA) (local.get $ow)))))
      (if (i32.lt_s (local.get $kwLo) (i32.const 0)) (then (local.set $kwLo (i32.const 0))))
      (local.set $kwHi (i32.sub (i32.add (local.get $padLeft) (local.get $realWidth))
        (select (local.get $owA) (local.get $ow) (i32.lt_s (local.get $owA) (local.get $ow)))))
      (if (i32.gt_s (local.get $kwHi) (local.get $filterWidth)) (then (local.set $kwHi (local.get $filterWidth))))
      (local.set $xSkip (i32.mul (local.get $kwLo) (local.get $pixelIn)))
      (local.set $wSkip (i32.mul (local.get $kwLo) (local.get $kwStride)))
      (local.set $run (i32.mul (i32.sub (local.get $kwHi) (local.get $kwLo)) (local.get $pixelIn)))`)}
      (local.set $block (i32.const 0))
      (loop $blocks
        ${zeroTwoByFourAccumulators()}
        (local.set $kh ${isClipped ? '(local.get $khLo)' : '(i32.const 0)'})${clipped(`
        (block $noTaps
        (br_if $noTaps (i32.or (i32.ge_s (local.get $khLo) (local.get $khHi)) (i32.ge_s (local.get $kwLo) (local.get $kwHi))))`)}
        (loop $filterRows
          (local.set $xpA (i32.add (local.get $xA) (i32.mul (local.get $kh) (local.get $inRow))))
          (local.set $xpB (i32.add (local.get $xB) (i32.mul (local.get $kh) (local.get $inRow))))${clipped(`
          (local.set $xpA (i32.add (local.get $xpA) (local.get $xSkip)))
          (local.set $xpB (i32.add (local.get $xpB) (local.get $xSkip)))`)}
          (local.set $runEnd (i32.add (local.get $xpA) (local.get $run)))
          (local.set $wp (i32.add (i32.add (local.get $w) (local.get $block)) (i32.mul (local.get $kh) (local.get $wRow))))${clipped(`
          (local.set $wp (i32.add (local.get $wp) (local.get $wSkip)))`)}
          (loop $taps
            ${twoByFourVectorProduct('w', 'wp')}
            (local.set $xpA (i32.add (local.get $xpA) (i32.const 4)))
            (local.set $xpB (i32.add (local.get $xpB) (i32.const 4)))
            (local.set $wp (i32.add (local.get $wp) (local.get $pixelOut)))
            (br_if $taps (i32.lt_u (local.get $xpA) (local.get $runEnd))))
          (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
          (br_if $filterRows ${isClipped ? '(i32.lt_s (local.get $kh) (local.get $khHi))' : '(i32.lt_u (local.get $kh) (local.get $filterHeight))'}))${clipped(')')}
        (v128.store offset=0 (i32.add (local.get $outA) (local.get $block)) (local.get $a0))
        (v128.store offset=16 (i32.add (local.get $outA) (local.get $block)) (local.get $a1))
        (v128.store offset=32 (i32.add (local.get $outA) (local.get $block)) (local.get $a2))
        (v128.store offset=48 (i32.add (local.get $outA) (local.get $block)) (local.get $a3))
        (v128.store offset=0 (i32.add (local.get $outB) (local.get $block)) (local.get $b0))
        (v128.store offset=16 (i32.add (local.get $outB) (local.get $block)) (local.get $b1))
        (v128.store offset=32 (i32.add (local.get $outB) (local.get $block)) (local.get $b2))
        (v128.store offset=48 (i32.add (local.get $outB) (local.get $block)) (local.get $b3))
        (local.set $block (i32.add (local.get $block) (i32.const 64)))
        (br_if $blocks (i32.lt_u (local.get $block) (local.get $pixelOut))))
      ;; next A: the pixel after B
      (local.set $xA (i32.add (local.get $xB) (local.get $pixelIn)))
      (local.set $outA (i32.add (local.get $outB) (local.get $pixelOut)))
      (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
      (if (i32.eq (local.get $ow) (local.get $outWidth)) (then
        (local.set $ow (i32.const 0))
        (local.set $xA (i32.add (local.get $xA) (local.get $rowSkip)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (if (i32.eq (local.get $oh) (local.get $outHeight)) (then
          (local.set $oh (i32.const 0))
          (local.set $xA (i32.add (local.get $xA) (local.get $imageSkip)))))))
      (local.set $p (i32.add (local.get $p) (i32.const 2)))
      (br_if $pairs (i32.lt_u (local.get $p) (local.get $pixels)))))
`;
}
