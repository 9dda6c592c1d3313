import { join } from 'node:path';
import type { TrainConfig } from '../../trainer/config/train-config';
import type { TrainReport } from '../../trainer/report/train-report';
import { runTraining } from '../../trainer/run-training';
import type { RunTrainingHooks } from '../../trainer/run-training';
import { TrainingHaltedError } from '../../trainer/train/training-errors';

/**
 * The standard storm: LR ×100 for 50 steps at 30% of the run, one batch of pixels ×1e8 at 50%,
 * one batch of NaN pixels at 60%, 20% of labels randomized for 100 steps at 70%.
 */
export const STORM_INJECTIONS = ['lr*100@30%:50', 'pixels*1e8@50%', 'nan@60%', 'labelflip=0.2@70%:100'] as const;

/** One run of a storm: its name, whether fuses are on, and the faults injected. */
export interface StormRun {
  run: string;
  fuses: boolean;
  inject: readonly string[];
}

/** One storm run's outcome: its `report.json` fields, or why a fuse halted it. */
export interface StormRow {
  run: string;
  /** The `--inject` specs of the run (empty for the clean run). */
  inject: string[];
  halted: string | null;
  testAccuracy: number | null;
  nonFiniteWeights: number | null;
  skippedSteps: number | null;
  clippedSteps: number | null;
  rollbacks: number | null;
  wallSeconds: number | null;
  report: TrainReport | null;
}

/** The three runs of a storm (the standard one unless given): clean, fuses, `--no-fuses`. */
export function standardStormRuns(inject: readonly string[] = STORM_INJECTIONS): StormRun[] {
  return [
    { run: 'clean', fuses: true, inject: [] },
    { run: 'fuses', fuses: true, inject },
    { run: 'no-fuses', fuses: false, inject },
  ];
}

/** One clean run, then each storm with fuses on (`storm-<i>`) and, if asked, without (`storm-<i>/no-fuses`). */
export function randomStormRuns(storms: readonly (readonly string[])[], withoutFuses: boolean): StormRun[] {
  return [
    { run: 'clean', fuses: true, inject: [] },
    ...storms.flatMap((inject, index) => [
      { run: `storm-${index + 1}`, fuses: true, inject },
      ...(withoutFuses ? [{ run: `storm-${index + 1}/no-fuses`, fuses: false, inject }] : []),
    ]),
  ];
}

/**
 * Trains the same model once per run in one process, each with its own run directory (and
 * artifact, when its weights are finite) below `stormDir`. A run a fuse halts is a row with
 * `halted` set, not an error. Runs without fuses keep their last epoch's weights.
 */
export async function runStorm(
  base: TrainConfig,
  stormDir: string,
  runs: readonly StormRun[] = standardStormRuns(),
  hooksFor: (run: string) => RunTrainingHooks = () => ({}),
): Promise<StormRow[]> {
  const rows: StormRow[] = [];
  for (const { run, fuses, inject } of runs) {
    const runDir = join(stormDir, ...run.split('/'));
    // A run without fuses keeps its last weights: with `--keep best` it would export the epoch
    // before the storm struck, and the row would hide what the storm did to training.
    const config: TrainConfig = { ...base, fuses, inject: [...inject], runDir, out: join(runDir, 'artifact'), ...(fuses ? {} : { keep: 'last' as const }) };
    try {
      const { report } = await runTraining(config, hooksFor(run));
      rows.push({
        run,
        inject: [...inject],
        halted: null,
        testAccuracy: report.testAccuracy,
        nonFiniteWeights: report.nonFiniteWeights,
        skippedSteps: report.skippedSteps,
        clippedSteps: report.clippedSteps,
        rollbacks: report.rollbacks,
        wallSeconds: report.wallSeconds,
        report,
      });
    } catch (error) {
      if (!(error instanceof TrainingHaltedError)) throw error;
      rows.push({
        run, inject: [...inject], halted: error.message,
        testAccuracy: null, nonFiniteWeights: null, skippedSteps: null, clippedSteps: null, rollbacks: null, wallSeconds: null, report: null,
      });
    }
  }
  return rows;
}

/**
 * A run the storm ruined: it halted, its weights went non-finite, or it ended more than 20 points
 * of test accuracy below the clean run's `cleanAccuracy` (a failed run, whatever the dataset).
 */
export function diverged(row: StormRow, cleanAccuracy: number): boolean {
  return row.halted !== null || (row.nonFiniteWeights ?? 0) > 0 || (row.testAccuracy ?? 0) < cleanAccuracy - 0.2;
}
