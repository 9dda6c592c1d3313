/**
 * WAT of the SIMD kernels that stream tensors elementwise or reduce them: MaxPoolGrad of 2×2
 * windows, column sums (bias gradients), bias adds, Step, same-shape products and the Adam update. Part of the module
 * `simdKernelsOf` assembles; conventions there.
 */
export const ELEMENTWISE_WAT = String.raw`
  ;; MaxPoolGrad of disjoint 2×2 windows at stride 2, NHWC, channels % 4 = 0. Each dy value goes to
  ;; the first position (row-major) whose value is larger than every earlier one and than −∞: the
  ;; scan "if (v > best) { best = v; index = k }" from best = −∞ done lane-wise with masks, so NaN
  ;; and −∞ never win and a window of only those passes nothing. Writes all four dx of each window;
  ;; dx rows and columns in no window (odd sizes) are left as they are.
  (func $maxPoolGrad2x2 (export "maxPoolGrad2x2")
    (param $x i32) (param $dy i32) (param $dx i32) (param $batch i32) (param $inHeight i32)
    (param $inWidth i32) (param $outHeight i32) (param $outWidth i32) (param $channels i32)
    (local $pixel i32) (local $row i32) (local $toDx i32) (local $b i32) (local $oh i32)
    (local $ow i32) (local $p i32) (local $windowEnd i32) (local $window i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $best v128)
    (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $s0 v128) (local $s1 v128)
    (local $s2 v128) (local $g v128)
    (local.set $pixel (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $row (i32.mul (local.get $inWidth) (local.get $pixel)))
    (local.set $toDx (i32.sub (local.get $dx) (local.get $x)))
    (local.set $b (i32.const 0))
    (loop $images
      (local.set $oh (i32.const 0))
      (loop $rows
        ;; top-left of the row's first window: x + (b·inHeight + 2·oh)·row
        (local.set $window (i32.add (local.get $x) (i32.mul (local.get $row)
          (i32.add (i32.mul (local.get $b) (local.get $inHeight)) (i32.shl (local.get $oh) (i32.const 1))))))
        (local.set $ow (i32.const 0))
        (loop $windows
          (local.set $p (local.get $window))
          (local.set $windowEnd (i32.add (local.get $window) (local.get $pixel)))
          (loop $lanes
            (local.set $v0 (v128.load (local.get $p)))
            (local.set $v1 (v128.load (i32.add (local.get $p) (local.get $pixel))))
            (local.set $v2 (v128.load (i32.add (local.get $p) (local.get $row))))
            (local.set $v3 (v128.load (i32.add (i32.add (local.get $p) (local.get $row)) (local.get $pixel))))
            (local.set $g (v128.load (local.get $dy)))
            (local.set $s0 (f32x4.gt (local.get $v0) (v128.const f32x4 -inf -inf -inf -inf)))
            (local.set $best (v128.bitselect (local.get $v0) (v128.const f32x4 -inf -inf -inf -inf) (local.get $s0)))
            (local.set $t1 (f32x4.gt (local.get $v1) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $v1) (local.get $best) (local.get $t1)))
            (local.set $t2 (f32x4.gt (local.get $v2) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $v2) (local.get $best) (local.get $t2)))
            (local.set $t3 (f32x4.gt (local.get $v3) (local.get $best)))
            ;; s_k: position k won and no later one beat it
            (local.set $s0 (v128.andnot (v128.andnot (v128.andnot (local.get $s0) (local.get $t1)) (local.get $t2)) (local.get $t3)))
            (local.set $s1 (v128.andnot (v128.andnot (local.get $t1) (local.get $t2)) (local.get $t3)))
            (local.set $s2 (v128.andnot (local.get $t2) (local.get $t3)))
            (v128.store (i32.add (local.get $p) (local.get $toDx)) (v128.and (local.get $g) (local.get $s0)))
            (v128.store (i32.add (i32.add (local.get $p) (local.get $pixel)) (local.get $toDx))
              (v128.and (local.get $g) (local.get $s1)))
            (v128.store (i32.add (i32.add (local.get $p) (local.get $row)) (local.get $toDx))
              (v128.and (local.get $g) (local.get $s2)))
            (v128.store (i32.add (i32.add (i32.add (local.get $p) (local.get $row)) (local.get $pixel)) (local.get $toDx))
              (v128.and (local.get $g) (local.get $t3)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br_if $lanes (i32.lt_u (local.get $p) (local.get $windowEnd))))
          (local.set $window (i32.add (local.get $window) (i32.shl (local.get $pixel) (i32.const 1))))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $windows (i32.lt_u (local.get $ow) (local.get $outWidth))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $rows (i32.lt_u (local.get $oh) (local.get $outHeight))))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $images (i32.lt_u (local.get $b) (local.get $batch)))))

  ;; out[c] = Σ_r x[r, c] for x [rows, columns], columns % 4 = 0: sums of up to 64 rows are
  ;; accumulated in partial (columns floats of scratch), then added to out (not cleared here).
  (func $sumRows (export "sumRows")
    (param $x i32) (param $out i32) (param $partial i32) (param $rows i32) (param $columns i32)
    (local $rowBytes i32) (local $r i32) (local $blockEnd i32) (local $c i32)
    (local.set $rowBytes (i32.shl (local.get $columns) (i32.const 2)))
    (local.set $r (i32.const 0))
    (loop $blocks
      (local.set $blockEnd (i32.add (local.get $r) (i32.const 64)))
      (if (i32.gt_u (local.get $blockEnd) (local.get $rows)) (then (local.set $blockEnd (local.get $rows))))
      ;; the block's first row initializes the partial sums
      (local.set $c (i32.const 0))
      (loop $first
        (v128.store (i32.add (local.get $partial) (local.get $c)) (v128.load (local.get $x)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br_if $first (i32.lt_u (local.get $c) (local.get $rowBytes))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (block $blockDone
        (br_if $blockDone (i32.ge_u (local.get $r) (local.get $blockEnd)))
        (loop $rowsOfBlock
          (local.set $c (i32.const 0))
          (loop $columnsOfRow
            (v128.store (i32.add (local.get $partial) (local.get $c))
              (f32x4.add (v128.load (i32.add (local.get $partial) (local.get $c))) (v128.load (local.get $x))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br_if $columnsOfRow (i32.lt_u (local.get $c) (local.get $rowBytes))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $rowsOfBlock (i32.lt_u (local.get $r) (local.get $blockEnd)))))
      (local.set $c (i32.const 0))
      (loop $flush
        (v128.store (i32.add (local.get $out) (local.get $c))
          (f32x4.add (v128.load (i32.add (local.get $out) (local.get $c))) (v128.load (i32.add (local.get $partial) (local.get $c)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br_if $flush (i32.lt_u (local.get $c) (local.get $rowBytes))))
      (br_if $blocks (i32.lt_u (local.get $r) (local.get $rows)))))

  ;; out[r, c] = a[r, c] + bias[c] for a [rows, columns], columns % 4 = 0.
  (func $addRowVector (export "addRowVector")
    (param $a i32) (param $bias i32) (param $out i32) (param $rows i32) (param $columns i32)
    (local $rowBytes i32) (local $end i32) (local $c i32) (local $toOut i32)
    (local.set $rowBytes (i32.shl (local.get $columns) (i32.const 2)))
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $rows) (local.get $rowBytes))))
    (local.set $toOut (i32.sub (local.get $out) (local.get $a)))
    (loop $rowsLoop
      (local.set $c (i32.const 0))
      (loop $columnsLoop
        (v128.store (i32.add (local.get $a) (local.get $toOut))
          (f32x4.add (v128.load (local.get $a)) (v128.load (i32.add (local.get $bias) (local.get $c)))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br_if $columnsLoop (i32.lt_u (local.get $c) (local.get $rowBytes))))
      (br_if $rowsLoop (i32.lt_u (local.get $a) (local.get $end)))))

  ;; out[i] = x[i] > 0 ? 1 : alpha, NaN for NaN, as tfjs' Step; count % 8 = 0.
  (func $step (export "step")
    (param $x i32) (param $out i32) (param $count i32) (param $alpha f32)
    (local $end i32) (local $toOut i32) (local $v v128) (local $u v128) (local $fill v128)
    (local.set $fill (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $toOut (i32.sub (local.get $out) (local.get $x)))
    (loop $elements
      (local.set $v (v128.load offset=0 (local.get $x)))
      (local.set $u (v128.load offset=16 (local.get $x)))
      ;; NaN ≠ NaN selects x itself; otherwise 1 where x > 0, alpha elsewhere
      (v128.store offset=0 (i32.add (local.get $x) (local.get $toOut))
        (v128.bitselect (local.get $v)
          (v128.bitselect (v128.const f32x4 1 1 1 1) (local.get $fill) (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0)))
          (f32x4.ne (local.get $v) (local.get $v))))
      (v128.store offset=16 (i32.add (local.get $x) (local.get $toOut))
        (v128.bitselect (local.get $u)
          (v128.bitselect (v128.const f32x4 1 1 1 1) (local.get $fill) (f32x4.gt (local.get $u) (v128.const f32x4 0 0 0 0)))
          (f32x4.ne (local.get $u) (local.get $u))))
      (local.set $x (i32.add (local.get $x) (i32.const 32)))
      (br_if $elements (i32.lt_u (local.get $x) (local.get $end)))))

  ;; out[i] = a[i] · b[i]; count % 8 = 0.
  (func $multiply (export "multiply")
    (param $a i32) (param $b i32) (param $out i32) (param $count i32)
    (local $end i32) (local $toB i32) (local $toOut i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $toB (i32.sub (local.get $b) (local.get $a)))
    (local.set $toOut (i32.sub (local.get $out) (local.get $a)))
    (loop $elements
      (v128.store offset=0 (i32.add (local.get $a) (local.get $toOut))
        (f32x4.mul (v128.load offset=0 (local.get $a)) (v128.load offset=0 (i32.add (local.get $a) (local.get $toB)))))
      (v128.store offset=16 (i32.add (local.get $a) (local.get $toOut))
        (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (i32.add (local.get $a) (local.get $toB)))))
      (local.set $a (i32.add (local.get $a) (i32.const 32)))
      (br_if $elements (i32.lt_u (local.get $a) (local.get $end)))))

  ;; One Adam step of count elements (count % 4 = 0; see adamUpdateElements): m' = β1·m + (1 − β1)·g,
  ;; v' = β2·v + (1 − β2)·g², θ' = θ − (m'/(√v' + ε̂))·stepSize, each op rounded to float32 as the
  ;; tf-op path rounds it, so the results are the same bit for bit.
  (func $adamUpdate (export "adamUpdate")
    (param $param i32) (param $m i32) (param $v i32) (param $grad i32) (param $nextParam i32)
    (param $nextM i32) (param $nextV i32) (param $count i32) (param $beta1 f32) (param $oneMinusBeta1 f32)
    (param $beta2 f32) (param $oneMinusBeta2 f32) (param $stepSize f32) (param $epsilonHat f32)
    (local $offset i32) (local $end i32) (local $g v128) (local $mNext v128) (local $vNext v128)
    (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128) (local $step v128) (local $eps v128)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $c1 (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $c2 (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $step (f32x4.splat (local.get $stepSize)))
    (local.set $eps (f32x4.splat (local.get $epsilonHat)))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (local.set $offset (i32.const 0))
    (loop $elements
      (local.set $g (v128.load (i32.add (local.get $grad) (local.get $offset))))
      (local.set $mNext (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $offset))) (local.get $b1))
        (f32x4.mul (local.get $g) (local.get $c1))))
      (local.set $vNext (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $offset))) (local.get $b2))
        (f32x4.mul (f32x4.mul (local.get $g) (local.get $g)) (local.get $c2))))
      (v128.store (i32.add (local.get $nextM) (local.get $offset)) (local.get $mNext))
      (v128.store (i32.add (local.get $nextV) (local.get $offset)) (local.get $vNext))
      (v128.store (i32.add (local.get $nextParam) (local.get $offset))
        (f32x4.sub (v128.load (i32.add (local.get $param) (local.get $offset)))
          (f32x4.mul (f32x4.div (local.get $mNext) (f32x4.add (f32x4.sqrt (local.get $vNext)) (local.get $eps))) (local.get $step))))
      (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
      (br_if $elements (i32.lt_u (local.get $offset) (local.get $end)))))
`;
