/**
 * WAT that zeroes the accumulators of `twoByFourVectorProduct`, `$a0…3` and `$b0…3`.
 */
export function zeroTwoByFourAccumulators(): string {
  return ['a', 'b'].flatMap((row) => [0, 1, 2, 3].map((lane) => `(local.set $${row}${lane} (v128.const i32x4 0 0 0 0))`)).join('\n');
}

/**
 * WAT for the inner step of the SIMD products: loads 16 floats from `$pointer` into
 * `$<vectors>0…3`, then accumulates two broadcast scalars times them, `$s` into `$a0…3` and `$t`
 * into `$b0…3` (a 2×16 outer product, 8 multiply-adds of 4 lanes).
 *
 * @example
 * twoByFourVectorProduct('w', 'wp'); // the convolution tap: weights at $wp
 */
export function twoByFourVectorProduct(vectors: string, pointer: string): string {
  const lanes = [0, 1, 2, 3];
  return [
    '(local.set $s (v128.load32_splat (local.get $xpA)))',
    '(local.set $t (v128.load32_splat (local.get $xpB)))',
    ...lanes.map((lane) => `(local.set $${vectors}${lane} (v128.load offset=${lane * 16} (local.get $${pointer})))`),
    ...lanes.map((lane) => `(local.set $a${lane} (f32x4.add (local.get $a${lane}) (f32x4.mul (local.get $s) (local.get $${vectors}${lane}))))`),
    ...lanes.map((lane) => `(local.set $b${lane} (f32x4.add (local.get $b${lane}) (f32x4.mul (local.get $t) (local.get $${vectors}${lane}))))`),
  ].join('\n');
}
