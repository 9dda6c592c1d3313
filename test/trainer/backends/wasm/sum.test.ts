import { describe, expect, it } from 'vitest';
import { maxAbs, maxScaledDifference, runKernelOn, seededTensor } from './cpu-reference';

describe('Sum on wasm', () => {
  // The SIMD path (leading axes, kept size % 4 = 0) with more rows than one block of 64, keepDims
  // and a negative axis; then sums it leaves to the stock kernel.
  const cases: [string, number[], number[], boolean][] = [
    ['a conv bias gradient', [3, 5, 7, 8], [0, 1, 2], false],
    ['130 rows of 12', [130, 12], [0], false],
    ['leading axes with keepDims', [4, 6, 2, 4], [1, 0], true],
    ['a kept size of 6', [4, 5, 6], [0, 1], false],
    ['the last axis', [4, 5, 8], [-1], false],
    ['every axis', [4, 8], [0, 1], false],
  ];

  it.each(cases)('should match the cpu backend for %s', async (_name, shape, axis, keepDims) => {
    const inputs = { x: seededTensor(shape, 3) };
    const attrs = { axis, keepDims };
    const cpu = await runKernelOn('cpu', 'Sum', inputs, attrs);
    const wasm = await runKernelOn('wasm', 'Sum', inputs, attrs);
    expect(wasm.shape).toEqual(cpu.shape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.5);
    expect(maxScaledDifference(wasm.values, cpu.values)).toBeLessThanOrEqual(1e-6);
  });
});
