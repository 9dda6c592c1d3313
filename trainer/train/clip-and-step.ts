import * as tf from '@tensorflow/tfjs-core';
import type { GradientResult } from './compute-gradients';
import type { TelemetryRow } from './telemetry-row';
import type { TrainState } from './train-state';

/**
 * The update phase: a skipped step is only counted; otherwise the clipping fuse runs on the
 * gradients (their global norm is known and finite) and Adam applies them at `lr`. Fills the
 * row's clip fields and adds `clip` to `events` when it clipped. Consumes `result.grads`.
 */
export async function clipAndStep(
  state: TrainState,
  result: GradientResult,
  lr: number,
  skip: boolean,
  row: TelemetryRow,
  events: string[],
): Promise<void> {
  if (skip) {
    state.stream.skippedSteps++;
    row.skipped = true;
    tf.dispose(result.grads);
    return;
  }
  const clip = await state.fuses.clipper.clip(result.grads, result.gradNorm, state.params);
  row.clipThreshold = clip.threshold;
  row.gradNormAfter = Number.isFinite(clip.normAfter) ? clip.normAfter : null;
  if (clip.clipped) {
    state.stream.clippedSteps++;
    events.push('clip');
  }
  state.optimizer.applyGradients(clip.grads, lr);
  tf.dispose(clip.grads);
  state.model.updates++;
  state.fuses.rollback?.observeCleanStep();
}
