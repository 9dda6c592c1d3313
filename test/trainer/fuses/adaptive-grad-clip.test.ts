import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveGradClip, agcUnitRatios, finalLayerParamIndices } from '../../../trainer/fuses/adaptive-grad-clip';
import { unitwiseNorm } from '../../../trainer/fuses/unitwise-norm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Element-wise closeness of a tensor's values to hand-computed ones (float32 precision). */
function expectValues(tensor: tf.Tensor | undefined, expected: number[], digits = 7): void {
  const values = Array.from(tensor?.dataSync() ?? []);
  expect(values).toHaveLength(expected.length);
  values.forEach((value, index) => expect(value).toBeCloseTo(expected[index] ?? Number.NaN, digits));
}

// Dense kernel [in = 2, out = 2]: unit = column.
//   W columns: (3, 4) → ‖W‖ = 5;  (0, 1e-4) → ‖W‖ = 1e-4, floored to 1e-3
//   G columns: (0.3, 0.4) → ‖G‖ = 0.5, ratio 0.5/5 = 0.1 > 0.01 → × 0.01·5/0.5 = 0.1 → (0.03, 0.04)
//              (0, 5e-6)  → ‖G‖ = 5e-6, ratio 5e-6/1e-3 = 0.005 ≤ 0.01 → unchanged
const denseW = (): tf.Tensor2D => tf.tensor2d([[3, 0], [4, 1e-4]]);
const denseG = (): tf.Tensor2D => tf.tensor2d([[0.3, 0], [0.4, 5e-6]]);

// Conv kernel [kh = 1, kw = 1, in = 2, out = 2]: unit = filter (last axis); flat index = in·2 + out.
//   filter 0: W (0, 2) → 2;  G (0.06, 0.08) → 0.1, ratio 0.05 → × 0.01·2/0.1 = 0.2 → (0.012, 0.016)
//   filter 1: W (1, 0) → 1;  G (0.005, 0)   → 0.005, ratio 0.005 → unchanged
const convW = (): tf.Tensor4D => tf.tensor4d([0, 1, 2, 0], [1, 1, 2, 2]);
const convG = (): tf.Tensor4D => tf.tensor4d([0.06, 0.005, 0.08, 0], [1, 1, 2, 2]);

describe('unitwiseNorm', () => {
  it('should take dense norms per output column and conv norms per filter', () => {
    const tensors = [denseW(), convW()];
    const dense = unitwiseNorm(tensors[0] as tf.Tensor);
    const conv = unitwiseNorm(tensors[1] as tf.Tensor);
    expect(dense.shape).toEqual([1, 2]);
    expectValues(dense, [5, 1e-4]);
    expect(conv.shape).toEqual([1, 1, 1, 2]);
    expectValues(conv, [2, 1]);
    tf.dispose([...tensors, dense, conv]);
  });

  it('should treat a vector as one unit or as one unit per element', () => {
    const bias = tf.tensor1d([3, -4]);
    const whole = unitwiseNorm(bias, 'whole');
    const element = unitwiseNorm(bias, 'element');
    expect(whole.shape).toEqual([]);
    expectValues(whole, [5]);
    expectValues(element, [3, 4]);
    tf.dispose([bias, whole, element]);
  });

  it('should refuse rank 5', () => {
    const tensor = tf.zeros([1, 1, 1, 1, 1]);
    expect(() => unitwiseNorm(tensor)).toThrow(/rank 5 are not supported/);
    tensor.dispose();
  });
});

describe('agcUnitRatios', () => {
  it('should give ‖G‖ / max(‖W‖, 1e-3) per unit', () => {
    const [w, g] = [denseW(), denseG()];
    const ratios = agcUnitRatios(w, g);
    expectValues(ratios, [0.1, 0.005]);
    tf.dispose([w, g, ratios]);
  });
});

describe('finalLayerParamIndices', () => {
  it('should pick the last dense kernel and what follows it', () => {
    const params = [tf.zeros([3, 3, 1, 8]), tf.zeros([8]), tf.zeros([8, 16]), tf.zeros([16]), tf.zeros([16, 10]), tf.zeros([10])];
    expect(finalLayerParamIndices(params)).toEqual([4, 5]);
    expect(finalLayerParamIndices(params.slice(0, 2))).toEqual([]);
    tf.dispose(params);
  });
});

describe('adaptiveGradClip', () => {
  it('should rescale exactly the units whose ratio exceeds λ', () => {
    const params = [denseW(), convW()];
    const grads = [denseG(), convG()];
    const { grads: clipped, clippedUnits } = adaptiveGradClip(params, grads, { excludeParams: [] });
    expectValues(clipped[0], [0.03, 0, 0.04, 5e-6]);
    expectValues(clipped[1], [0.012, 0.005, 0.016, 0]);
    expect(clippedUnits.dataSync()[0]).toBe(2);
    tf.dispose([...params, ...grads, ...clipped, clippedUnits]);
  });

  it('should clip a bias as one unit by default and per element on request', () => {
    // W = 0 → floored norm 1e-3, max norm 1e-5. G = (3e-5, 4e-5):
    //   whole:   ‖G‖ = 5e-5 → × 1e-5/5e-5 = 0.2 → (6e-6, 8e-6)
    //   element: each |g| > 1e-5 → each set to 1e-5
    const params = [tf.zeros([2])];
    const grads = [tf.tensor1d([3e-5, 4e-5])];
    const whole = adaptiveGradClip(params, grads, { excludeParams: [] });
    const element = adaptiveGradClip(params, grads, { excludeParams: [], vectorUnits: 'element' });
    expectValues(whole.grads[0], [6e-6, 8e-6], 10);
    expect(whole.clippedUnits.dataSync()[0]).toBe(1);
    expectValues(element.grads[0], [1e-5, 1e-5], 10);
    expect(element.clippedUnits.dataSync()[0]).toBe(2);
    tf.dispose([...params, ...grads, ...whole.grads, ...element.grads, whole.clippedUnits, element.clippedUnits]);
  });

  it('should leave the final classifier layer alone by default', () => {
    const params = [convW(), denseW(), tf.zeros([2])];
    const grads = [convG(), denseG(), tf.tensor1d([3e-5, 4e-5])];
    const { grads: clipped, clippedUnits } = adaptiveGradClip(params, grads);
    expectValues(clipped[0], [0.012, 0.005, 0.016, 0]);
    expectValues(clipped[1], [0.3, 0, 0.4, 5e-6]);
    expectValues(clipped[2], [3e-5, 4e-5], 10);
    expect(clippedUnits.dataSync()[0]).toBe(1);
    tf.dispose([...params, ...grads, ...clipped, clippedUnits]);
  });

  it('should use the given λ', () => {
    const [w, g] = [denseW(), denseG()];
    // λ = 0.05: column 0 ratio 0.1 → × 0.05·5/0.5 = 0.5; column 1 unchanged.
    const { grads: clipped, clippedUnits } = adaptiveGradClip([w], [g], { clipFactor: 0.05, excludeParams: [] });
    expectValues(clipped[0], [0.15, 0, 0.2, 5e-6]);
    tf.dispose([w, g, ...clipped, clippedUnits]);
  });

  it('should refuse mismatched shapes and counts', () => {
    const [w, g] = [denseW(), tf.zeros([2, 3])];
    expect(() => adaptiveGradClip([w], [g], { excludeParams: [] })).toThrow(/gradient 0 has shape \[2, 3\], its parameter \[2, 2\]/);
    expect(() => adaptiveGradClip([w], [])).toThrow(/0 gradients for 1 parameters/);
    tf.dispose([w, g]);
  });

  it('should allocate only the returned tensors', () => {
    const params = [denseW(), convW()];
    const grads = [denseG(), convG()];
    const before = tf.memory().numTensors;
    const { grads: clipped, clippedUnits } = adaptiveGradClip(params, grads, { excludeParams: [1] });
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([...params, ...grads, ...clipped, clippedUnits]);
  });
});
