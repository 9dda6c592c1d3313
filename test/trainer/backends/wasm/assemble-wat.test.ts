import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../../../trainer/backends/wasm/assemble-wat';

/** Instantiates `funcs` in a module over a fresh one-page memory. */
function instantiate(funcs: string): { exports: WebAssembly.Exports; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const module = new WebAssembly.Module(assembleWat(`(module (import "env" "memory" (memory 1)) ${funcs})`));
  return { exports: new WebAssembly.Instance(module, { env: { memory } }).exports, memory };
}

describe('assembleWat', () => {
  it('should assemble loops, branches, constants, lane ops and SIMD arithmetic that run correctly', () => {
    // out[i] = max(a[i]·2 − 1, 0) over vectors of 4, and out[count] = the last lane of the last vector
    const { exports, memory } = instantiate(`
      (func $twiceMinusOne (export "twiceMinusOne") (param $a i32) (param $out i32) (param $count i32)
        (local $end i32) (local $v v128)
        (local.set $end (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 2))))
        (loop $next
          (local.set $v (f32x4.max (v128.const f32x4 0 0 0 0)
            (f32x4.sub (f32x4.mul (v128.load (local.get $a)) (f32x4.splat (f32.const 2))) (v128.const f32x4 1 1 1 1))))
          (v128.store offset=0 (local.get $out) (local.get $v))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $out (i32.add (local.get $out) (i32.const 16)))
          (if (i32.lt_u (local.get $a) (local.get $end))
            (then (br $next))
            (else (f32.store (local.get $out) (f32x4.extract_lane 3 (local.get $v)))))))`);
    const heap = new Float32Array(memory.buffer);
    heap.set([0, 1, 2, -3, 0.5, 4, -1, 10], 0);
    (exports.twiceMinusOne as (a: number, out: number, count: number) => void)(0, 64, 8);
    expect(Array.from(heap.subarray(16, 25))).toEqual([0, 1, 3, 0, 0, 7, 0, 19, 19]);
  });

  it('should name the instruction or local it does not know', () => {
    expect(() => assembleWat('(module (func $f (export "f") (f32x4.fma)))')).toThrow("assembleWat: $f: unsupported instruction 'f32x4.fma'");
    expect(() => assembleWat('(module (func $f (export "f") (local.get $missing)))')).toThrow('assembleWat: $f: unknown local $missing');
    expect(() => assembleWat('(module (func $f (export "f") (br $nowhere)))')).toThrow('assembleWat: $f: unknown label $nowhere');
  });
});
