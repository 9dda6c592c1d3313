import { describe, expect, it } from 'vitest';
import { maxAbs, maxScaledDifference, runKernelOn, seededTensor } from './cpu-reference';

interface Case {
  readonly aBatch: number;
  readonly bBatch: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

const cases: Case[] = [];
for (const transposeA of [false, true]) {
  for (const transposeB of [false, true]) {
    cases.push({ aBatch: 1, bBatch: 1, m: 5, k: 7, n: 3, transposeA, transposeB });
    cases.push({ aBatch: 3, bBatch: 3, m: 4, k: 6, n: 9, transposeA, transposeB });
    // Broadcast batch: one matrix against three.
    cases.push({ aBatch: 1, bBatch: 3, m: 2, k: 5, n: 4, transposeA, transposeB });
  }
}
// The reference CNN's dense-layer gradients: dW = xᵀ·dy and dx = dy·Wᵀ.
cases.push({ aBatch: 1, bBatch: 1, m: 800, k: 64, n: 64, transposeA: true, transposeB: false });
cases.push({ aBatch: 1, bBatch: 1, m: 64, k: 64, n: 800, transposeA: false, transposeB: true });
// The SIMD kernel's path (one matrix pair, N % 16 = 0) with every transpose, odd M and K; then a
// batch of 3, which it leaves to XNNPACK.
for (const transposeA of [false, true]) {
  for (const transposeB of [false, true]) {
    cases.push({ aBatch: 1, bBatch: 1, m: 7, k: 13, n: 32, transposeA, transposeB });
  }
}
cases.push({ aBatch: 1, bBatch: 1, m: 1, k: 1, n: 16, transposeA: false, transposeB: false });
cases.push({ aBatch: 3, bBatch: 3, m: 5, k: 6, n: 16, transposeA: true, transposeB: false });

function caseName(c: Case): string {
  return `a [${c.aBatch}, ${c.transposeA ? `${c.k}, ${c.m}` : `${c.m}, ${c.k}`}] (transposeA ${c.transposeA}) · `
    + `b [${c.bBatch}, ${c.transposeB ? `${c.n}, ${c.k}` : `${c.k}, ${c.n}`}] (transposeB ${c.transposeB})`;
}

describe('BatchMatMul on wasm', () => {
  it.each(cases.map((c) => [caseName(c), c] as const))('should match the cpu backend for %s', async (_name, c) => {
    const aShape = [c.aBatch, ...(c.transposeA ? [c.k, c.m] : [c.m, c.k])];
    const bShape = [c.bBatch, ...(c.transposeB ? [c.n, c.k] : [c.k, c.n])];
    const inputs = { a: seededTensor(aShape, 9), b: seededTensor(bShape, 10) };
    const attrs = { transposeA: c.transposeA, transposeB: c.transposeB };

    const cpu = await runKernelOn('cpu', 'BatchMatMul', inputs, attrs);
    const wasm = await runKernelOn('wasm', 'BatchMatMul', inputs, attrs);

    expect(wasm.shape).toEqual([Math.max(c.aBatch, c.bBatch), c.m, c.n]);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.1);
    expect(maxScaledDifference(wasm.values, cpu.values)).toBeLessThanOrEqual(1e-5);
  });
});
