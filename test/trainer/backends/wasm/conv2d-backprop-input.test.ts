import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxAbs, maxScaledDifference, runKernelOn, seededTensor } from './cpu-reference';

interface Case {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly filterSize: number;
  readonly stride: number;
  readonly pad: 'valid' | 'same' | backend_util.ExplicitPadding;
}

// valid/same × stride 1/2 × 1/3 input channels × batch 1/3, odd and uneven spatial sizes.
const cases: Case[] = [];
for (const pad of ['valid', 'same'] as const) {
  for (const stride of [1, 2]) {
    for (const inChannels of [1, 3]) {
      for (const batch of [1, 3]) {
        cases.push({ batch, height: 9, width: 7, inChannels, outChannels: 4, filterSize: 3, stride, pad });
      }
    }
  }
}
// Strides larger than the filter leave input pixels no window reads; they must get zero gradient.
cases.push({ batch: 2, height: 10, width: 9, inChannels: 3, outChannels: 2, filterSize: 2, stride: 3, pad: 'valid' });
cases.push({ batch: 2, height: 8, width: 11, inChannels: 2, outChannels: 5, filterSize: 2, stride: 2, pad: 'same' });
// Explicit padding wider than the filter cannot be expressed as a correlation; the stock kernel handles it.
cases.push({ batch: 2, height: 6, width: 5, inChannels: 2, outChannels: 3, filterSize: 3, stride: 1, pad: [[0, 0], [3, 1], [0, 4], [0, 0]] });
// The reference CNN's second conv layer (channel counts that exercise XNNPACK's full tiles), at batch 4.
cases.push({ batch: 4, height: 13, width: 13, inChannels: 16, outChannels: 32, filterSize: 3, stride: 1, pad: 'valid' });
// The SIMD convolution's path (a multiple of 16 input channels): padded, strided, 1×1.
cases.push({ batch: 2, height: 7, width: 6, inChannels: 16, outChannels: 3, filterSize: 3, stride: 1, pad: 'same' });
cases.push({ batch: 2, height: 9, width: 8, inChannels: 32, outChannels: 5, filterSize: 3, stride: 2, pad: 'same' });
cases.push({ batch: 1, height: 5, width: 5, inChannels: 16, outChannels: 8, filterSize: 1, stride: 1, pad: 'valid' });
// An odd pixel count (pairs wrap across rows and images) and a 5×5 filter (dy padded by 4 per side).
cases.push({ batch: 3, height: 7, width: 5, inChannels: 16, outChannels: 4, filterSize: 3, stride: 1, pad: 'valid' });
cases.push({ batch: 1, height: 9, width: 7, inChannels: 16, outChannels: 3, filterSize: 5, stride: 1, pad: 'valid' });

function caseName(c: Case): string {
  const pad = typeof c.pad === 'string' ? c.pad : `explicit ${JSON.stringify(c.pad)}`;
  return `${pad}, stride ${c.stride}, ${c.filterSize}×${c.filterSize} filter, x [${c.batch}, ${c.height}, ${c.width}, ${c.inChannels}] → ${c.outChannels} channels`;
}

describe('Conv2DBackpropInput on wasm', () => {
  it.each(cases.map((c) => [caseName(c), c] as const))('should match the cpu backend for %s', async (_name, c) => {
    const filterShape: [number, number, number, number] = [c.filterSize, c.filterSize, c.inChannels, c.outChannels];
    const inputShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
    const { outShape } = backend_util.computeConv2DInfo(inputShape, filterShape, c.stride, 1, c.pad);
    const inputs = { dy: seededTensor(outShape, 3), filter: seededTensor(filterShape, 4) };
    const attrs: NamedAttrMap = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape };

    const cpu = await runKernelOn('cpu', 'Conv2DBackpropInput', inputs, attrs);
    const wasm = await runKernelOn('wasm', 'Conv2DBackpropInput', inputs, attrs);

    expect(wasm.shape).toEqual(inputShape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.1);
    expect(maxScaledDifference(wasm.values, cpu.values)).toBeLessThanOrEqual(1e-5);
  });
});
