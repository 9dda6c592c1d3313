import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLOAT16_MAX, roundFloat16Array, roundThroughFloat16 } from '../../../trainer/fuses/round-through-float16';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

function bitsOf(value: number): number {
  scratch[0] = value;
  return scratchBits[0] as number;
}

function floatOfBits(bits: number): number {
  scratchBits[0] = bits;
  return scratch[0] as number;
}

/** Reference, part 1: float32 → float16 bits, IEEE round-to-nearest-even on the float32 bit fields. */
function float32ToHalfBits(value: number): number {
  const bits = bitsOf(value);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign; // below 2^-25: rounds to zero
    mantissa |= 0x800000;
    const shift = 14 - halfExponent; // the value in units of 2^-24 is mantissa >> shift
    let quanta = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (quanta & 1) === 1)) quanta++;
    return sign | quanta;
  }
  let half = sign | (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half++; // a carry into the exponent is right
  return half;
}

/** Reference, part 2: float16 bits → value. */
function halfBitsToFloat(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** The reference float32 → float16 → float32 round trip, written independently of the implementation. */
function referenceRoundTrip(value: number): number {
  return halfBitsToFloat(float32ToHalfBits(value));
}

function roundOne(value: number): number {
  return roundFloat16Array(Float32Array.of(value))[0] as number;
}

describe('roundFloat16Array', () => {
  it('should keep the largest float16 and overflow from the midpoint 65520 up', () => {
    expect(roundOne(FLOAT16_MAX)).toBe(65504);
    expect(roundOne(65519)).toBe(65504);
    expect(roundOne(65520)).toBe(Number.POSITIVE_INFINITY);
    expect(roundOne(-65520)).toBe(Number.NEGATIVE_INFINITY);
    expect(roundOne(1e6)).toBe(Number.POSITIVE_INFINITY);
  });

  it('should keep subnormals and round below the smallest one to zero, ties to even', () => {
    expect(roundOne(2 ** -24)).toBe(2 ** -24);
    expect(roundOne(2 ** -25)).toBe(0); // tie between 0 and 2^-24 → 0 (even)
    expect(roundOne(floatOfBits(bitsOf(2 ** -25) + 1))).toBe(2 ** -24); // just above the tie
    expect(roundOne(3 * 2 ** -25)).toBe(2 ** -23); // 1.5 quanta → 2 (even)
    expect(roundOne(5 * 2 ** -25)).toBe(2 * 2 ** -24); // 2.5 quanta → 2 (even)
    expect(roundOne(2 ** -26)).toBe(0);
    expect(roundOne(1023 * 2 ** -24)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(roundOne(1023.5 * 2 ** -24)).toBe(2 ** -14); // tie → 1024 quanta = smallest normal
    expect(Object.is(roundOne(-(2 ** -25)), -0)).toBe(true);
    expect(roundOne(1e-45)).toBe(0); // a float32 subnormal
  });

  it('should round the 10-bit mantissa to nearest, ties to even', () => {
    expect(roundOne(1 + 2 ** -11)).toBe(1); // tie, 1 is even
    expect(roundOne(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9); // tie, 1 + 2^-10 is odd
    expect(roundOne(2049)).toBe(2048);
    expect(roundOne(2051)).toBe(2052);
    expect(roundOne(2050.0002)).toBe(2050);
    expect(roundOne(0.1)).toBe(0.0999755859375);
    expect(roundOne(-1 / 3)).toBe(-0.333251953125);
  });

  it('should pass NaN, infinities and signed zeros through', () => {
    expect(roundOne(Number.NaN)).toBeNaN();
    expect(roundOne(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(roundOne(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(roundOne(-0), -0)).toBe(true);
    expect(Object.is(roundOne(0), 0)).toBe(true);
  });

  it('should match the reference conversion bit for bit on every float16 neighbourhood and random floats', () => {
    const values: number[] = [];
    // Every float16 value, its midpoints to the next one, and the float32 neighbours of each.
    for (let half = 0; half < 0x7c00; half++) {
      const value = halfBitsToFloat(half);
      const next = halfBitsToFloat(half + 1); // 0x7c00 is +Inf: the midpoint above 65504 is 65520 below
      const midpoint = Math.fround(half === 0x7bff ? 65520 : (value + next) / 2);
      for (const center of [value, midpoint]) {
        const bits = bitsOf(center);
        for (const delta of [-1, 0, 1]) values.push(floatOfBits(bits + delta), -floatOfBits(bits + delta));
      }
    }
    // Random bit patterns (a fixed LCG), covering NaNs, infinities, float32 subnormals and huge values.
    let seed = 12345;
    for (let index = 0; index < 100_000; index++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      values.push(floatOfBits(seed));
    }
    const input = Float32Array.from(values);
    const rounded = roundFloat16Array(input);
    const roundedBits = new Uint32Array(rounded.buffer);
    let mismatches = 0;
    for (let index = 0; index < input.length; index++) {
      const expected = referenceRoundTrip(input[index] as number);
      const actual = rounded[index] as number;
      const same = Number.isNaN(expected) ? Number.isNaN(actual) : bitsOf(expected) === roundedBits[index];
      if (!same) mismatches++;
    }
    expect(input.length).toBeGreaterThan(400_000);
    expect(mismatches).toBe(0);
  });

  it('should not modify its input', () => {
    const input = Float32Array.of(0.1, 70000);
    roundFloat16Array(input);
    expect(input).toEqual(Float32Array.of(0.1, 70000));
  });
});

describe('roundThroughFloat16', () => {
  it('should return a new float32 tensor of the same shape with rounded values', () => {
    const tensor = tf.tensor2d([[65520, 1e-8], [0.1, -2049]]);
    const rounded = roundThroughFloat16(tensor);
    expect(rounded.shape).toEqual([2, 2]);
    expect(rounded.dtype).toBe('float32');
    expect(Array.from(rounded.dataSync())).toEqual([Number.POSITIVE_INFINITY, 0, 0.0999755859375, -2048]);
    tf.dispose([tensor, rounded]);
  });

  it('should refuse a non-float32 tensor', () => {
    const tensor = tf.tensor1d([1, 2], 'int32');
    expect(() => roundThroughFloat16(tensor)).toThrow(/expected a float32 tensor, got int32/);
    tensor.dispose();
  });
});
