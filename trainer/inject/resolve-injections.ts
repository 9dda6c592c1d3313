import { InjectSpecError } from './parse-inject';
import type { InjectionSpec } from './parse-inject';

/** An injection placed on the run's step axis. */
export interface ResolvedInjection {
  spec: InjectionSpec;
  /** First 0-based step it applies to. */
  firstStep: number;
  /** Last step it applies to (inclusive), clamped to the run's last step. */
  lastStep: number;
}

/** Everything to inject at one step; the neutral values (1, false, 0) mean "nothing". */
export interface StepInjections {
  /** Product of the active `lr*k` factors. */
  lrFactor: number;
  /** Product of the active `grad*k` factors. */
  gradFactor: number;
  /** Product of the active `pixels*k` factors. */
  pixelFactor: number;
  /** A `nan` injection is active (wins over `pixelFactor`). */
  nanPixels: boolean;
  /** The largest active `labelflip=f` fraction. */
  labelFlipFraction: number;
  /** The injections active at this step, for logs and reports. */
  active: readonly ResolvedInjection[];
}

/** The injections of a run, looked up by step. */
export interface InjectionSchedule {
  readonly injections: readonly ResolvedInjection[];
  injectionsAt(step: number): StepInjections;
}

const NOTHING: StepInjections = { lrFactor: 1, gradFactor: 1, pixelFactor: 1, nanPixels: false, labelFlipFraction: 0, active: [] };

/**
 * Places parsed `--inject` specs on a run of `totalSteps` optimizer steps (0-based step indices):
 * a percentage start resolves to ⌊percent·totalSteps/100⌋; an injection that would run past the
 * end is cut at step `totalSteps − 1`; one that starts after the end is an error. Overlapping
 * injections combine: factors multiply, `nan` wins over a pixel factor, the largest flip fraction
 * applies.
 *
 * @example
 * const schedule = resolveInjections(['lr*100@30%:50'].map(parseInject), 1000);
 * schedule.injectionsAt(300).lrFactor; // 100 (steps 300–349)
 */
export function resolveInjections(specs: readonly InjectionSpec[], totalSteps: number): InjectionSchedule {
  if (!Number.isInteger(totalSteps) || totalSteps < 1) {
    throw new RangeError(`resolveInjections: totalSteps must be an integer ≥ 1, got ${totalSteps}`);
  }
  const injections = specs.map((spec): ResolvedInjection => {
    const firstStep = spec.start.unit === 'step' ? spec.start.step : Math.floor((spec.start.percent * totalSteps) / 100);
    if (firstStep >= totalSteps) {
      throw new InjectSpecError(`--inject "${spec.source}": starts at step ${firstStep}, but the run has only ${totalSteps} steps (0–${totalSteps - 1})`);
    }
    return { spec, firstStep, lastStep: Math.min(firstStep + spec.steps - 1, totalSteps - 1) };
  });
  return {
    injections,
    injectionsAt(step) {
      const active = injections.filter((injection) => step >= injection.firstStep && step <= injection.lastStep);
      if (active.length === 0) return { ...NOTHING, active: [] };
      const combined = { ...NOTHING, active };
      for (const { spec } of active) {
        switch (spec.kind) {
          case 'lr':
            combined.lrFactor *= spec.factor;
            break;
          case 'grad':
            combined.gradFactor *= spec.factor;
            break;
          case 'pixels':
            combined.pixelFactor *= spec.factor;
            break;
          case 'nan':
            combined.nanPixels = true;
            break;
          case 'labelflip':
            combined.labelFlipFraction = Math.max(combined.labelFlipFraction, spec.fraction);
            break;
        }
      }
      return combined;
    },
  };
}
