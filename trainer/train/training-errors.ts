/** Training stopped by a fuse: the weights cannot be kept finite and nothing is left to restore. */
export class TrainingHaltedError extends Error {
  override readonly name = 'TrainingHaltedError';
}

/** Training stopped on request (SIGINT) after saving a checkpoint to `checkpointDir`. */
export class TrainingInterruptedError extends Error {
  override readonly name = 'TrainingInterruptedError';
  constructor(readonly checkpointDir: string, readonly step: number) {
    super(`interrupted: checkpoint saved at step ${step} (${checkpointDir})`);
  }
}
