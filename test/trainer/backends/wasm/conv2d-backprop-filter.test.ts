import { backend_util } from '@tensorflow/tfjs-core';
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
  readonly pad: 'valid' | 'same';
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
// Filters that do not tile the input evenly, and a 1×1 filter.
cases.push({ batch: 2, height: 8, width: 11, inChannels: 2, outChannels: 5, filterSize: 2, stride: 2, pad: 'same' });
cases.push({ batch: 2, height: 10, width: 10, inChannels: 3, outChannels: 2, filterSize: 3, stride: 3, pad: 'valid' });
cases.push({ batch: 2, height: 5, width: 5, inChannels: 4, outChannels: 3, filterSize: 1, stride: 1, pad: 'same' });
// The reference CNN's second conv layer (channel counts that exercise XNNPACK's full tiles), at batch 4.
cases.push({ batch: 4, height: 13, width: 13, inChannels: 16, outChannels: 32, filterSize: 3, stride: 1, pad: 'valid' });
cases.push({ batch: 4, height: 14, width: 14, inChannels: 16, outChannels: 32, filterSize: 3, stride: 2, pad: 'same' });
// The SIMD kernel's path (stride 1, unpadded, Co % 16 = 0): the reference CNN's first
// layer, uneven sizes with 3 input channels, a 1×1 filter, rows of 3; then 24 output channels,
// which XNNPACK takes.
cases.push({ batch: 3, height: 28, width: 28, inChannels: 1, outChannels: 16, filterSize: 3, stride: 1, pad: 'valid' });
cases.push({ batch: 2, height: 9, width: 7, inChannels: 3, outChannels: 48, filterSize: 3, stride: 1, pad: 'valid' });
cases.push({ batch: 2, height: 6, width: 5, inChannels: 5, outChannels: 16, filterSize: 1, stride: 1, pad: 'valid' });
cases.push({ batch: 2, height: 5, width: 5, inChannels: 8, outChannels: 16, filterSize: 3, stride: 1, pad: 'valid' });
cases.push({ batch: 2, height: 6, width: 6, inChannels: 2, outChannels: 24, filterSize: 3, stride: 1, pad: 'valid' });

function caseName(c: Case): string {
  return `${c.pad}, stride ${c.stride}, ${c.filterSize}×${c.filterSize} filter, x [${c.batch}, ${c.height}, ${c.width}, ${c.inChannels}] → ${c.outChannels} channels`;
}

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(cases.map((c) => [caseName(c), c] as const))('should match the cpu backend for %s', async (_name, c) => {
    const filterShape: [number, number, number, number] = [c.filterSize, c.filterSize, c.inChannels, c.outChannels];
    const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
    const { outShape } = backend_util.computeConv2DInfo(xShape, filterShape, c.stride, 1, c.pad);
    const inputs = { x: seededTensor(xShape, 1), dy: seededTensor(outShape, 2) };
    const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape };

    const cpu = await runKernelOn('cpu', 'Conv2DBackpropFilter', inputs, attrs);
    const wasm = await runKernelOn('wasm', 'Conv2DBackpropFilter', inputs, attrs);

    expect(wasm.shape).toEqual(filterShape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.1);
    expect(maxScaledDifference(wasm.values, cpu.values)).toBeLessThanOrEqual(1e-5);
  });

  it('should reject NCHW with a message naming the format', async () => {
    const inputs = { x: seededTensor([1, 5, 5, 1], 1), dy: seededTensor([1, 3, 3, 2], 2) };
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 1, 2] };
    await expect(runKernelOn('wasm', 'Conv2DBackpropFilter', inputs, attrs)).rejects.toThrow(/'NCHW'/);
  });
});
