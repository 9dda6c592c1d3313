import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeFloat16 } from '../../../shared/artifact';

/** Decodes through tfjs' own loader path, so the test checks what tfjs will read. */
function decodeWithTfjs(halves: Uint16Array): Float32Array {
  const decoded = tf.io.decodeWeights(halves.slice().buffer, [
    { name: 'w', shape: [halves.length], dtype: 'float32', quantization: { dtype: 'float16' } },
  ]);
  const tensor = decoded.w;
  if (tensor === undefined) throw new Error('no tensor decoded');
  const values = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return values;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('encodeFloat16', () => {
  it('should encode exact values to their IEEE half bits', () => {
    const bits = encodeFloat16(new Float32Array([0, -0, 1, -2, 65504, 0.5, 2 ** -24, 2 ** -14, Infinity, -Infinity]));
    expect(Array.from(bits)).toEqual([0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0x3800, 0x0001, 0x0400, 0x7c00, 0xfc00]);
  });

  it('should round to nearest even, overflow to Infinity and keep NaN', () => {
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    // 1 + 3·2^-11 is halfway between 1 + 2^-10 and 1 + 2^-9: ties go to 1 + 2^-9.
    const bits = encodeFloat16(new Float32Array([1 + 2 ** -11, 1 + 3 * 2 ** -11, 0.1, 65520, 2 ** -25, 3 * 2 ** -26, Number.NaN]));
    expect(Array.from(bits.slice(0, 6))).toEqual([0x3c00, 0x3c02, 0x2e66, 0x7c00, 0x0000, 0x0001]);
    expect((bits[6] ?? 0) & 0x7c00).toBe(0x7c00);
    expect((bits[6] ?? 0) & 0x03ff).not.toBe(0);
  });

  it('should decode through tfjs to within half a float16 ulp of the input', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const values = new Float32Array(2000).map((_, index) => random() * 10 ** ((index % 9) - 6));
    const decoded = decodeWithTfjs(encodeFloat16(values));
    values.forEach((value, index) => {
      const magnitude = Math.max(Math.abs(value), 2 ** -14); // below: subnormal spacing 2^-24
      const halfUlp = 2 ** (Math.floor(Math.log2(magnitude)) - 11);
      expect(Math.abs((decoded[index] ?? Number.NaN) - value)).toBeLessThanOrEqual(halfUlp);
    });
  });
});
