import { backend_util } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxAbs, maxScaledDifference, runKernelOn, seededTensor } from './cpu-reference';
import type { TensorSpec } from './cpu-reference';

interface Case {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly poolSize: number;
  readonly stride: number;
  readonly pad: 'valid' | 'same';
  /** Range of the input values; all-negative windows broke the stock wasm kernel. */
  readonly range: readonly [number, number];
}

const cases: Case[] = [];
for (const pad of ['valid', 'same'] as const) {
  for (const [poolSize, stride] of [[2, 2], [3, 1], [3, 2]] as const) {
    for (const channels of [1, 3, 8]) { // 8: the SIMD kernel's path for 2×2 windows
      cases.push({ batch: 2, height: 7, width: 9, channels, poolSize, stride, pad, range: [-2, -0.5] });
    }
    cases.push({ batch: 1, height: 6, width: 5, channels: 2, poolSize, stride, pad, range: [-1, 1] });
  }
}
// Even sizes: disjoint 2×2 windows tile the input exactly (the kernel's branch-free path).
cases.push({ batch: 2, height: 8, width: 6, channels: 3, poolSize: 2, stride: 2, pad: 'same', range: [-2, -0.5] });
cases.push({ batch: 2, height: 8, width: 6, channels: 4, poolSize: 2, stride: 2, pad: 'same', range: [-2, -0.5] });
cases.push({ batch: 4, height: 26, width: 26, channels: 16, poolSize: 2, stride: 2, pad: 'valid', range: [-1, 1] });

function caseName(c: Case): string {
  return `${c.pad}, ${c.poolSize}×${c.poolSize} pool, stride ${c.stride}, x [${c.batch}, ${c.height}, ${c.width}, ${c.channels}] in [${c.range.join(', ')})`;
}

async function compareWithCpu(input: TensorSpec, poolSize: number, stride: number, pad: 'valid' | 'same'): Promise<{ difference: number; cpuMaxAbs: number }> {
  const { outShape } = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], poolSize, stride, 1, pad);
  // MaxPoolGrad reads `input` for the argmax; `output` is passed as the gradient does, its values unused.
  const inputs = { dy: seededTensor(outShape, 6, 0.5, 1.5), input, output: seededTensor(outShape, 7) };
  const attrs = { filterSize: poolSize, strides: stride, pad };
  const cpu = await runKernelOn('cpu', 'MaxPoolGrad', inputs, attrs);
  const wasm = await runKernelOn('wasm', 'MaxPoolGrad', inputs, attrs);
  expect(wasm.shape).toEqual([...input.shape]);
  return { difference: maxScaledDifference(wasm.values, cpu.values), cpuMaxAbs: maxAbs(cpu.values) };
}

describe('MaxPoolGrad on wasm', () => {
  it.each(cases.map((c) => [caseName(c), c] as const))('should match the cpu backend for %s', async (_name, c) => {
    const input = seededTensor([c.batch, c.height, c.width, c.channels], 5, c.range[0], c.range[1]);
    const { difference, cpuMaxAbs } = await compareWithCpu(input, c.poolSize, c.stride, c.pad);
    expect(cpuMaxAbs).toBeGreaterThan(0.5);
    expect(difference).toBeLessThanOrEqual(1e-5);
  });

  it.each([3, 4])('should send each window gradient to its first maximum when values tie, as cpu does (%i channels)', async (channels) => {
    // ReLU outputs: many windows hold only zeros.
    const input = seededTensor([2, 8, 8, channels], 8, -1, 1);
    const relu = { shape: input.shape, values: input.values.map((value) => Math.max(0, value)) };
    const { difference, cpuMaxAbs } = await compareWithCpu(relu, 2, 2, 'valid');
    expect(cpuMaxAbs).toBeGreaterThan(0.5);
    expect(difference).toBe(0);
  });

  it.each([[2, 2, 'valid', 2], [3, 2, 'same', 2], [2, 2, 'valid', 4]] as const)(
    'should pass the gradient to the largest non-NaN value like cpu (%i×%i pool, %s, %i channels)',
    async (poolSize, stride, pad, channels) => {
      const input = seededTensor([2, 6, 6, channels], 9, -1, 1);
      const values = input.values.map((value, index) => (index % 5 === 0 ? Number.NaN : value));
      const { difference, cpuMaxAbs } = await compareWithCpu({ shape: input.shape, values }, poolSize, stride, pad);
      expect(cpuMaxAbs).toBeGreaterThan(0.5);
      expect(difference).toBe(0);
    },
  );

  it.each([4, 8])('should pass nothing from windows of only NaN and −∞, and skip −∞ like cpu (%i channels)', async (channels) => {
    // Odd height and width: the last row and column lie in no window and must get 0.
    const input = seededTensor([2, 7, 5, channels], 10, -1, 1);
    const special = [Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    const values = input.values.map((value, index) => (index % 3 === 0 ? special[(index / 3) % 3] ?? value : value));
    values.fill(Number.NaN, 0, channels * 2); // the first window's top row: NaN, its bottom row: −∞
    values.fill(Number.NEGATIVE_INFINITY, channels * 5, channels * 7);
    const { difference, cpuMaxAbs } = await compareWithCpu({ shape: input.shape, values }, 2, 2, 'valid');
    expect(cpuMaxAbs).toBeGreaterThan(0.5);
    expect(difference).toBe(0);
  });
});
