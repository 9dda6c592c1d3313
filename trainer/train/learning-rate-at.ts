/** A learning-rate schedule: linear warm-up, then cosine decay to `peak * minRatio`. */
export interface LearningRateSchedule {
  peak: number;
  warmupSteps: number;
  totalSteps: number;
  minRatio: number;
}

/** Learning rate for optimizer step `step` (0-based) under `schedule`. */
export function learningRateAt(step: number, schedule: LearningRateSchedule): number {
  const { peak, warmupSteps, totalSteps, minRatio } = schedule;
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const decaySteps = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / decaySteps);
  const cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
  return peak * (minRatio + (1 - minRatio) * cosine);
}
