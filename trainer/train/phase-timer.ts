import type { StepPhases } from './step-phases';

/** A phase of a training step that the timer accounts for (see `StepPhases`). */
export type StepPhase = Exclude<keyof StepPhases, 'detail'>;

/** Adds the time each piece of work takes to the phase it names. */
export interface PhaseTimer {
  /** Runs `work` and adds its seconds to `phase`. */
  time<T>(phase: StepPhase, work: () => T): T;
  /** Awaits `work` and adds its seconds to `phase`. */
  timeAsync<T>(phase: StepPhase, work: () => Promise<T>): Promise<T>;
}

/**
 * A timer that sums into `phases` (e.g. for `bench:train`'s breakdown of a step).
 *
 * @example
 * const batch = timer.time('batch', () => nextBatch(step));
 */
export function createPhaseTimer(phases: StepPhases): PhaseTimer {
  return {
    time(phase, work) {
      const started = performance.now();
      try {
        return work();
      } finally {
        phases[phase] += (performance.now() - started) / 1000;
      }
    },
    async timeAsync(phase, work) {
      const started = performance.now();
      try {
        return await work();
      } finally {
        phases[phase] += (performance.now() - started) / 1000;
      }
    },
  };
}
