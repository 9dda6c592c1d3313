import { twoByFourVectorProduct, zeroTwoByFourAccumulators } from './wat-outer-product';

/**
 * WAT of the SIMD kernels that multiply: a matrix product and a convolution's filter gradient,
 * each summing 16 output columns or channels (of two taps, for the filter gradient) in vector
 * registers; the convolutions themselves are in `CONV2D_WAT`.
 * Part of the module `simdKernelsOf` assembles; conventions there.
 */
export const PRODUCTS_WAT = String.raw`
  ;; out[m, n] = Σ_k A(m, k) · b[k, n] for b [K, N] row-major with N % 16 = 0, out [M, N], and
  ;; A(m, k) at a + 4·(m·aRowStride + k·aColumnStride) (a transposed A is just other strides).
  ;; Per row of out, 16 columns are kept in 4 vector registers while k runs.
  (func $matMul (export "matMul")
    (param $a i32) (param $b i32) (param $out i32) (param $rows i32) (param $depth i32)
    (param $columns i32) (param $aRowStride i32) (param $aColumnStride i32)
    (local $rowBytes i32) (local $aStep i32) (local $m i32) (local $block i32) (local $ap i32)
    (local $bp i32) (local $bEnd i32) (local $aRow i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $s v128)
    (local.set $rowBytes (i32.shl (local.get $columns) (i32.const 2)))
    (local.set $aStep (i32.shl (local.get $aColumnStride) (i32.const 2)))
    (local.set $m (i32.const 0))
    (loop $outRows
      (local.set $aRow (i32.add (local.get $a) (i32.shl (i32.mul (local.get $m) (local.get $aRowStride)) (i32.const 2))))
      (local.set $block (i32.const 0))
      (loop $blocks
        (local.set $acc0 (v128.const i32x4 0 0 0 0))
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        (local.set $acc2 (v128.const i32x4 0 0 0 0))
        (local.set $acc3 (v128.const i32x4 0 0 0 0))
        (local.set $ap (local.get $aRow))
        (local.set $bp (i32.add (local.get $b) (local.get $block)))
        (local.set $bEnd (i32.add (local.get $bp) (i32.mul (local.get $depth) (local.get $rowBytes))))
        (loop $inner
          (local.set $s (v128.load32_splat (local.get $ap)))
          (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $bp)))))
          (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $bp)))))
          (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $bp)))))
          (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $bp)))))
          (local.set $ap (i32.add (local.get $ap) (local.get $aStep)))
          (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
          (br_if $inner (i32.lt_u (local.get $bp) (local.get $bEnd))))
        (v128.store offset=0 (i32.add (local.get $out) (local.get $block)) (local.get $acc0))
        (v128.store offset=16 (i32.add (local.get $out) (local.get $block)) (local.get $acc1))
        (v128.store offset=32 (i32.add (local.get $out) (local.get $block)) (local.get $acc2))
        (v128.store offset=48 (i32.add (local.get $out) (local.get $block)) (local.get $acc3))
        (local.set $block (i32.add (local.get $block) (i32.const 64)))
        (br_if $blocks (i32.lt_u (local.get $block) (local.get $rowBytes))))
      (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
      (local.set $m (i32.add (local.get $m) (i32.const 1)))
      (br_if $outRows (i32.lt_u (local.get $m) (local.get $rows)))))

  ;; Filter gradient of a stride-1, unpadded, undilated conv, NHWC, outChannels % 16 = 0:
  ;; dw[kh, kw, ci, co] += Σ_{b, oh, ow} x[b, oh + kh, ow + kw, ci] · dy[b, oh, ow, co] (dw cleared
  ;; by the caller). Within a filter row, the taps (kw, ci) read consecutive floats of x, so they
  ;; go in pairs (A, B = the next tap, or A again for the last of an odd count) sharing each dy
  ;; load: per image, pair and 16 output channels, 8 vector accumulators sum while the image's dy
  ;; streams by, then are added to dw (float32 sums of OH·OW terms, then of B).
  (func $convFilterGradient (export "convFilterGradient")
    (param $x i32) (param $dy i32) (param $dw i32) (param $batch i32)
    (param $inHeight i32) (param $inWidth i32) (param $inChannels i32) (param $outHeight i32)
    (param $outWidth i32) (param $outChannels i32) (param $filterHeight i32) (param $filterWidth i32)
    (local $pixelIn i32) (local $pixelOut i32) (local $inRow i32) (local $run i32) (local $b i32)
    (local $xImage i32) (local $dyImage i32) (local $kh i32) (local $j i32) (local $jB i32)
    (local $tapA i32) (local $tapB i32) (local $block i32) (local $xRow i32) (local $xpA i32) (local $xpB i32)
    (local $dp i32) (local $rowEnd i32) (local $oh i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $s v128) (local $t v128) (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local $sumA0 v128) (local $sumA1 v128) (local $sumA2 v128) (local $sumA3 v128)
    (local.set $pixelIn (i32.shl (local.get $inChannels) (i32.const 2)))
    (local.set $pixelOut (i32.shl (local.get $outChannels) (i32.const 2)))
    (local.set $inRow (i32.mul (local.get $inWidth) (local.get $pixelIn)))
    (local.set $run (i32.mul (local.get $filterWidth) (local.get $inChannels))) ;; taps per filter row
    (local.set $xImage (local.get $x))
    (local.set $dyImage (local.get $dy))
    (local.set $b (i32.const 0))
    (loop $images
      (local.set $kh (i32.const 0))
      (loop $filterRows
        (local.set $j (i32.const 0))
        (loop $tapPairs
          (local.set $jB (i32.add (local.get $j) (i32.const 1)))
          (if (i32.ge_u (local.get $jB) (local.get $run)) (then (local.set $jB (local.get $j))))
          ;; dw[kh, j] and dw[kh, jB]; x[b, kh, j] and x[b, kh, jB] (x's row is (kw, ci) flat)
          (local.set $tapA (i32.add (local.get $dw) (i32.mul (local.get $pixelOut)
            (i32.add (i32.mul (local.get $kh) (local.get $run)) (local.get $j)))))
          (local.set $tapB (i32.add (local.get $dw) (i32.mul (local.get $pixelOut)
            (i32.add (i32.mul (local.get $kh) (local.get $run)) (local.get $jB)))))
          (local.set $block (i32.const 0))
          (loop $outputBlocks
            ${zeroTwoByFourAccumulators()}
            (local.set $xRow (i32.add (local.get $xImage) (i32.mul (local.get $kh) (local.get $inRow))))
            (local.set $dp (i32.add (local.get $dyImage) (local.get $block)))
            (local.set $oh (i32.const 0))
            (loop $rows
              (local.set $xpA (i32.add (local.get $xRow) (i32.shl (local.get $j) (i32.const 2))))
              (local.set $xpB (i32.add (local.get $xRow) (i32.shl (local.get $jB) (i32.const 2))))
              (local.set $rowEnd (i32.add (local.get $dp) (i32.mul (local.get $outWidth) (local.get $pixelOut))))
              (loop $columns
                ${twoByFourVectorProduct('d', 'dp')}
                (local.set $xpA (i32.add (local.get $xpA) (local.get $pixelIn)))
                (local.set $xpB (i32.add (local.get $xpB) (local.get $pixelIn)))
                (local.set $dp (i32.add (local.get $dp) (local.get $pixelOut)))
                (br_if $columns (i32.lt_u (local.get $dp) (local.get $rowEnd))))
              (local.set $xRow (i32.add (local.get $xRow) (local.get $inRow)))
              (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
              (br_if $rows (i32.lt_u (local.get $oh) (local.get $outHeight))))
            ;; both sums are read before either is written: when B is A, the same value lands twice
            (local.set $sumA0 (f32x4.add (v128.load offset=0 (i32.add (local.get $tapA) (local.get $block))) (local.get $a0)))
            (local.set $sumA1 (f32x4.add (v128.load offset=16 (i32.add (local.get $tapA) (local.get $block))) (local.get $a1)))
            (local.set $sumA2 (f32x4.add (v128.load offset=32 (i32.add (local.get $tapA) (local.get $block))) (local.get $a2)))
            (local.set $sumA3 (f32x4.add (v128.load offset=48 (i32.add (local.get $tapA) (local.get $block))) (local.get $a3)))
            (v128.store offset=0 (i32.add (local.get $tapB) (local.get $block))
              (f32x4.add (v128.load offset=0 (i32.add (local.get $tapB) (local.get $block))) (local.get $b0)))
            (v128.store offset=16 (i32.add (local.get $tapB) (local.get $block))
              (f32x4.add (v128.load offset=16 (i32.add (local.get $tapB) (local.get $block))) (local.get $b1)))
            (v128.store offset=32 (i32.add (local.get $tapB) (local.get $block))
              (f32x4.add (v128.load offset=32 (i32.add (local.get $tapB) (local.get $block))) (local.get $b2)))
            (v128.store offset=48 (i32.add (local.get $tapB) (local.get $block))
              (f32x4.add (v128.load offset=48 (i32.add (local.get $tapB) (local.get $block))) (local.get $b3)))
            (v128.store offset=0 (i32.add (local.get $tapA) (local.get $block)) (local.get $sumA0))
            (v128.store offset=16 (i32.add (local.get $tapA) (local.get $block)) (local.get $sumA1))
            (v128.store offset=32 (i32.add (local.get $tapA) (local.get $block)) (local.get $sumA2))
            (v128.store offset=48 (i32.add (local.get $tapA) (local.get $block)) (local.get $sumA3))
            (local.set $block (i32.add (local.get $block) (i32.const 64)))
            (br_if $outputBlocks (i32.lt_u (local.get $block) (local.get $pixelOut))))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br_if $tapPairs (i32.lt_u (local.get $j) (local.get $run))))
        (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
        (br_if $filterRows (i32.lt_u (local.get $kh) (local.get $filterHeight))))
      (local.set $xImage (i32.add (local.get $xImage) (i32.mul (local.get $inHeight) (local.get $inRow))))
      (local.set $dyImage (i32.add (local.get $dyImage) (i32.mul (i32.mul (local.get $outHeight) (local.get $outWidth)) (local.get $pixelOut))))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $images (i32.lt_u (local.get $b) (local.get $batch)))))
`;
