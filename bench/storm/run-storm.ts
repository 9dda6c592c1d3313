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

/** The three runs of a storm. */
export type StormRunName = 'clean' | 'fuses' | 'no-fuses';

/** One storm run's outcome: its `report.json` fields, or why a fuse halted it. */
export interface StormRow {
  run: StormRunName;
  halted: string | null;
  testAccuracy: number | null;
  nonFiniteWeights: number | null;
  skippedSteps: number | null;
  clippedSteps: number | null;
  rollbacks: number | null;
  wallSeconds: number | null;
  report: TrainReport | null;
}

/**
 * Trains the same model three times in one process: without faults (fuses on), through the storm
 * with fuses on, and through the storm with `--no-fuses`. Each run writes its own run directory
 * (and artifact, when its weights are finite) below `stormDir`.
 */
export async function runStorm(
  base: TrainConfig,
  stormDir: string,
  hooksFor: (run: StormRunName) => RunTrainingHooks = () => ({}),
): Promise<StormRow[]> {
  const runs: [StormRunName, Partial<TrainConfig>][] = [
    ['clean', { fuses: true, inject: [] }],
    ['fuses', { fuses: true, inject: [...STORM_INJECTIONS] }],
    ['no-fuses', { fuses: false, inject: [...STORM_INJECTIONS] }],
  ];
  const rows: StormRow[] = [];
  for (const [run, overrides] of runs) {
    const config: TrainConfig = { ...base, ...overrides, runDir: join(stormDir, run), out: join(stormDir, run, 'artifact') };
    try {
      const { report } = await runTraining(config, hooksFor(run));
      rows.push({
        run,
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
      rows.push({ run, halted: error.message, testAccuracy: null, nonFiniteWeights: null, skippedSteps: null, clippedSteps: null, rollbacks: null, wallSeconds: null, report: null });
    }
  }
  return rows;
}
