import { backend_util } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxAbs, maxScaledDifference, runKernelOn, seededTensor } from './cpu-reference';

interface Case {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly multiplier: number;
  readonly filterSize: number;
  readonly stride: number;
  readonly pad: 'valid' | 'same';
}

// valid/same × stride 1/2 × 1/3 channels × multiplier 1/2, batch 1 and 2, odd spatial sizes.
const cases: Case[] = [];
for (const pad of ['valid', 'same'] as const) {
  for (const stride of [1, 2]) {
    for (const channels of [1, 3]) {
      for (const multiplier of [1, 2]) {
        cases.push({ batch: channels === 1 ? 1 : 2, height: 9, width: 7, channels, multiplier, filterSize: 3, stride, pad });
      }
    }
  }
}
cases.push({ batch: 2, height: 10, width: 9, channels: 4, multiplier: 1, filterSize: 2, stride: 3, pad: 'valid' });
// MobileNet-like channel counts.
cases.push({ batch: 2, height: 12, width: 12, channels: 32, multiplier: 1, filterSize: 3, stride: 2, pad: 'same' });
cases.push({ batch: 2, height: 12, width: 12, channels: 32, multiplier: 1, filterSize: 3, stride: 1, pad: 'same' });

function caseName(c: Case): string {
  return `${c.pad}, stride ${c.stride}, ${c.filterSize}×${c.filterSize} filter, x [${c.batch}, ${c.height}, ${c.width}, ${c.channels}], multiplier ${c.multiplier}`;
}

function shapesOf(c: Case): { xShape: [number, number, number, number]; filterShape: [number, number, number, number]; dyShape: number[] } {
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.channels];
  const filterShape: [number, number, number, number] = [c.filterSize, c.filterSize, c.channels, c.multiplier];
  const { outShape } = backend_util.computeConv2DInfo(xShape, filterShape, c.stride, 1, c.pad, undefined, true);
  return { xShape, filterShape, dyShape: outShape };
}

const namedCases = cases.map((c) => [caseName(c), c] as const);

describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
  it.each(namedCases)('should match the cpu backend for %s', async (_name, c) => {
    const { xShape, filterShape, dyShape } = shapesOf(c);
    const inputs = { x: seededTensor(xShape, 11), dy: seededTensor(dyShape, 12) };
    const attrs = { strides: c.stride, dilations: 1, pad: c.pad, filterShape };

    const cpu = await runKernelOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);
    const wasm = await runKernelOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);

    expect(wasm.shape).toEqual(filterShape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.1);
    expect(maxScaledDifference(wasm.values, cpu.values)).toBeLessThanOrEqual(1e-5);
  });
});

describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it.each(namedCases)('should match the cpu backend for %s', async (_name, c) => {
    const { xShape, filterShape, dyShape } = shapesOf(c);
    const inputs = { dy: seededTensor(dyShape, 13), filter: seededTensor(filterShape, 14) };
    const attrs = { strides: c.stride, dilations: 1, pad: c.pad, inputShape: xShape };

    const cpu = await runKernelOn('cpu', 'DepthwiseConv2dNativeBackpropInput', inputs, attrs);
    const wasm = await runKernelOn('wasm', 'DepthwiseConv2dNativeBackpropInput', inputs, attrs);

    expect(wasm.shape).toEqual(xShape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.1);
    expect(maxScaledDifference(wasm.values, cpu.values)).toBeLessThanOrEqual(1e-5);
  });
});
