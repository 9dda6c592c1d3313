import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFinite } from '../../../trainer/fuses/all-finite';
import { createLossScaler } from '../../../trainer/fuses/create-loss-scaler';
import { roundThroughFloat16 } from '../../../trainer/fuses/round-through-float16';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createLossScaler', () => {
  it('should start at 2^16 and grow only after 2000 clean steps by default', () => {
    const scaler = createLossScaler();
    expect(scaler.lossScale).toBe(65536);
    for (let step = 0; step < 1999; step++) scaler.update(false);
    expect(scaler.lossScale).toBe(65536);
    expect(scaler.update(false)).toEqual({ skipStep: false, previousLossScale: 65536, lossScale: 131072 });
  });

  it('should grow ×2 after each growth interval and back off ×0.5 with a skip on overflow', () => {
    const scaler = createLossScaler({ initScale: 8, growthInterval: 3 });
    const overflows = [false, false, false, true, false, false, true, false, false, false, false];
    const outcomes = overflows.map((overflow) => scaler.update(overflow));
    expect(outcomes.map((outcome) => outcome.lossScale)).toEqual([8, 8, 16, 8, 8, 8, 4, 4, 4, 8, 8]);
    expect(outcomes.map((outcome) => outcome.skipStep)).toEqual(overflows);
    expect(outcomes.map((outcome) => outcome.previousLossScale)).toEqual([8, 8, 8, 16, 8, 8, 8, 4, 4, 4, 8]);
    expect(scaler.getState()).toEqual({ lossScale: 8, growthTracker: 1, overflowSteps: 2 });
  });

  it('should not grow into Infinity', () => {
    const scaler = createLossScaler({ initScale: 2 ** 1023, growthInterval: 1 });
    expect(scaler.update(false).lossScale).toBe(2 ** 1023);
    expect(scaler.getState().growthTracker).toBe(0);
  });

  it('should scale the loss and unscale the gradients', () => {
    const scaler = createLossScaler({ initScale: 8 });
    const loss = tf.scalar(2.5);
    const grads = [tf.tensor1d([16, -8]), tf.tensor1d([0.5])];
    const scaled = scaler.scaleLoss(loss);
    const unscaled = scaler.unscale(grads);
    expect(scaled.dataSync()[0]).toBe(20);
    expect(unscaled[0]?.dataSync()).toEqual(Float32Array.from([2, -1]));
    expect(unscaled[1]?.dataSync()).toEqual(Float32Array.from([0.0625]));
    tf.dispose([loss, scaled, ...grads, ...unscaled]);
  });

  it('should back off when float16-emulated scaled gradients overflow', () => {
    const scaler = createLossScaler();
    const grad = tf.tensor1d([2, 1e-3]); // × 65536 = 131072 > 65504 in float16
    const scaledGrad = tf.mul(grad, scaler.lossScale);
    const half = roundThroughFloat16(scaledGrad);
    const finite = allFinite([half]);
    const outcome = scaler.update(finite.dataSync()[0] !== 1);
    expect(outcome).toEqual({ skipStep: true, previousLossScale: 65536, lossScale: 32768 });
    tf.dispose([grad, scaledGrad, half, finite]);
  });

  it('should continue identically from a JSON round trip of its state', () => {
    const original = createLossScaler({ initScale: 8, growthInterval: 3 });
    original.update(false);
    original.update(false);
    const copy = createLossScaler({ initScale: 8, growthInterval: 3 });
    copy.loadState(JSON.parse(JSON.stringify(original.getState())));
    expect(copy.update(false)).toEqual(original.update(false));
    expect(copy.lossScale).toBe(16);
  });

  it('should refuse an invalid saved state', () => {
    const scaler = createLossScaler();
    expect(() => scaler.loadState({ lossScale: 0, growthTracker: 0, overflowSteps: 0 })).toThrow(
      /LossScaler: invalid saved state at "lossScale"/,
    );
  });
});
