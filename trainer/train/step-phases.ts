/** Seconds a training loop spent in each part of its steps, summed over steps. */
export interface StepPhases {
  /** Batch assembly: gathering, normalizing, augmenting, injecting. */
  batch: number;
  /** Forward + backward, on every thread, up to the averaged gradients. */
  gradients: number;
  /** Non-finite guard, loss scaler, spike detector, rollback, snapshots. */
  guards: number;
  /** Clipping and the optimizer update. */
  update: number;
  /** Telemetry, hooks, checkpoints. */
  bookkeeping: number;
  /** Finer parts of `gradients` where a gradient source reports them (e.g. waiting for threads). */
  detail: Record<string, number>;
}

/** All phases at zero. */
export function emptyStepPhases(): StepPhases {
  return { batch: 0, gradients: 0, guards: 0, update: 0, bookkeeping: 0, detail: {} };
}

/** `later − earlier`, phase by phase. */
export function subtractStepPhases(later: StepPhases, earlier: StepPhases): StepPhases {
  return {
    batch: later.batch - earlier.batch,
    gradients: later.gradients - earlier.gradients,
    guards: later.guards - earlier.guards,
    update: later.update - earlier.update,
    bookkeeping: later.bookkeeping - earlier.bookkeeping,
    detail: Object.fromEntries(Object.entries(later.detail).map(([name, seconds]) => [name, seconds - (earlier.detail[name] ?? 0)])),
  };
}
