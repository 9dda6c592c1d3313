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
  readonly pad: 'valid' | 'same';
}

const cases: Case[] = [
  // The SIMD kernel's path (stride 1, Co % 16 = 0): the reference CNN's layers at batch 3, odd
  // pixel counts (the last pixel pair is one pixel twice), padding, a 1×1 filter, one pixel.
  { batch: 3, height: 28, width: 28, inChannels: 1, outChannels: 16, filterSize: 3, stride: 1, pad: 'valid' },
  { batch: 3, height: 13, width: 13, inChannels: 16, outChannels: 32, filterSize: 3, stride: 1, pad: 'valid' },
  { batch: 1, height: 5, width: 7, inChannels: 3, outChannels: 16, filterSize: 3, stride: 1, pad: 'valid' },
  { batch: 2, height: 6, width: 5, inChannels: 3, outChannels: 48, filterSize: 3, stride: 1, pad: 'same' },
  { batch: 2, height: 4, width: 3, inChannels: 8, outChannels: 16, filterSize: 1, stride: 1, pad: 'valid' },
  { batch: 1, height: 3, width: 3, inChannels: 2, outChannels: 16, filterSize: 3, stride: 1, pad: 'valid' },
  // Padding of 2 on each side and an odd pixel count: filter rows and columns that read only
  // padding for both pixels of a pair are skipped, including for pairs that wrap to the next row.
  { batch: 1, height: 5, width: 7, inChannels: 4, outChannels: 16, filterSize: 5, stride: 1, pad: 'same' },
  // The stock kernel's: stride 2, and 24 output channels.
  { batch: 2, height: 9, width: 9, inChannels: 3, outChannels: 16, filterSize: 3, stride: 2, pad: 'same' },
  { batch: 2, height: 6, width: 6, inChannels: 4, outChannels: 24, filterSize: 3, stride: 1, pad: 'valid' },
];

function caseName(c: Case): string {
  return `${c.pad}, stride ${c.stride}, ${c.filterSize}×${c.filterSize} filter, x [${c.batch}, ${c.height}, ${c.width}, ${c.inChannels}] → ${c.outChannels} channels`;
}

describe('Conv2D on wasm', () => {
  it.each(cases.map((c) => [caseName(c), c] as const))('should match the cpu backend for %s', async (_name, c) => {
    const filterShape: [number, number, number, number] = [c.filterSize, c.filterSize, c.inChannels, c.outChannels];
    const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
    const { outShape } = backend_util.computeConv2DInfo(xShape, filterShape, c.stride, 1, c.pad);
    const inputs = { x: seededTensor(xShape, 5), filter: seededTensor(filterShape, 6) };
    const attrs: NamedAttrMap = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dilations: 1 };

    const cpu = await runKernelOn('cpu', 'Conv2D', inputs, attrs);
    const wasm = await runKernelOn('wasm', 'Conv2D', inputs, attrs);

    expect(wasm.shape).toEqual(outShape);
    expect(maxAbs(cpu.values)).toBeGreaterThan(0.1);
    expect(maxScaledDifference(wasm.values, cpu.values)).toBeLessThanOrEqual(1e-5);
  });
});
