import { describe, expect, it } from 'vitest';
import { maxAbs, runKernelOn, seededTensor } from './cpu-reference';

describe('Add on wasm', () => {
  // The SIMD bias path ([..., C] + [C], C % 4 = 0) in either operand order, then shapes it leaves
  // to the stock kernel: C % 4 ≠ 0, same-rank broadcasting, equal shapes.
  const cases: [string, number[], number[]][] = [
    ['a conv bias', [2, 5, 7, 8], [8]],
    ['a bias given first', [16], [3, 16]],
    ['a bias of shape [1, C]', [2, 3, 12], [1, 12]],
    ['10 columns', [3, 10], [10]],
    ['same-rank broadcasting', [3, 4], [1, 4]],
    ['equal shapes', [2, 3, 4], [2, 3, 4]],
  ];

  it.each(cases)('should add exactly as cpu for %s', async (_name, aShape, bShape) => {
    const inputs = { a: seededTensor(aShape, 1), b: seededTensor(bShape, 2) };
    const cpu = await runKernelOn('cpu', 'Add', inputs, {});
    const wasm = await runKernelOn('wasm', 'Add', inputs, {});
    expect(wasm.shape).toEqual(cpu.shape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.5);
    expect(Array.from(wasm.values)).toEqual(Array.from(cpu.values));
  });
});
