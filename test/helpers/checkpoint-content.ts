import type { CheckpointContent } from '../../trainer/checkpoint/write-checkpoint';

/** A small, schema-valid checkpoint for `step` whose tensor values encode the step (so a mix-up shows). */
export function checkpointContent(step: number): CheckpointContent {
  const weights = new Float32Array(4096).fill(step);
  const bias = Float32Array.from({ length: 10 }, (_, index) => step + index);
  return {
    saved: {
      model: { adamStep: step, updates: step, fuses: {} },
      stream: {
        step, orderEpoch: 0, skippedSteps: 0, clippedSteps: 0, rollbacks: 0,
        epochTally: { lossSum: 0, steps: 0, correct: 0, examples: 0 },
        bestEpoch: -1, bestValLoss: null, epochsSinceBest: 0, rng: { data: step, inject: 1, augment: 2 }, fuses: {},
      },
      tensors: [weights, bias],
      best: [],
      order: Uint32Array.from({ length: 64 }, (_, index) => (index + step) % 64),
    },
    tensors: [{ name: 'weight:w', shape: [64, 64] }, { name: 'weight:b', shape: [10] }],
    config: { seed: 1 },
    configHash: 'test',
  };
}
