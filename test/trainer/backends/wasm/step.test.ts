import { describe, expect, it } from 'vitest';
import { runKernelOn, seededTensor } from './cpu-reference';
import type { TensorSpec } from './cpu-reference';

/** Seeded values in [−1, 1) with zeros, ±∞ and NaN among them, which the mask must map as cpu does. */
function withSpecialValues(shape: readonly number[], seed: number): TensorSpec {
  const spec = seededTensor(shape, seed);
  const specials = [0, -0, Infinity, -Infinity, NaN];
  specials.forEach((value, index) => { spec.values[(index * 7) % spec.values.length] = value; });
  return spec;
}

describe('Step on wasm', () => {
  // The SIMD path (a multiple of 8 elements), then a size it leaves to the stock kernel.
  const cases: [string, number[], number][] = [
    ['a conv activation with alpha 0', [2, 5, 6, 8], 0],
    ['alpha 0.25', [3, 8], 0.25],
    ['12 elements', [3, 4], 0],
  ];

  it.each(cases)('should equal cpu for %s', async (_name, shape, alpha) => {
    const inputs = { x: withSpecialValues(shape, 5) };
    const cpu = await runKernelOn('cpu', 'Step', inputs, { alpha });
    const wasm = await runKernelOn('wasm', 'Step', inputs, { alpha });
    expect(wasm.shape).toEqual(cpu.shape);
    expect(cpu.values.filter((value) => value === 1).length).toBeGreaterThan(0);
    expect(cpu.values.filter((value) => value === alpha).length).toBeGreaterThan(0);
    expect(Array.from(wasm.values)).toEqual(Array.from(cpu.values));
  });
});
