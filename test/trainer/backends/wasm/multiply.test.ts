import { describe, expect, it } from 'vitest';
import { maxAbs, runKernelOn, seededTensor } from './cpu-reference';

describe('Multiply on wasm', () => {
  // The SIMD path (equal float32 shapes, a multiple of 8 elements), then shapes it leaves to the
  // stock kernel: broadcasting, a size not a multiple of 8.
  const cases: [string, number[], number[]][] = [
    ['a ReLU gradient', [2, 5, 6, 8], [2, 5, 6, 8]],
    ['a dense gradient', [4, 10], [4, 10]],
    ['broadcasting', [3, 8], [8]],
    ['6 elements', [2, 3], [2, 3]],
  ];

  it.each(cases)('should multiply exactly as cpu for %s', async (_name, aShape, bShape) => {
    const inputs = { a: seededTensor(aShape, 6), b: seededTensor(bShape, 7) };
    const cpu = await runKernelOn('cpu', 'Multiply', inputs, {});
    const wasm = await runKernelOn('wasm', 'Multiply', inputs, {});
    expect(wasm.shape).toEqual(cpu.shape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.25);
    expect(Array.from(wasm.values)).toEqual(Array.from(cpu.values));
  });
});
