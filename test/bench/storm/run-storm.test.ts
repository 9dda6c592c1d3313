import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import { runStorm, STORM_INJECTIONS } from '../../../bench/storm/run-storm';
import type { StormRow } from '../../../bench/storm/run-storm';

let dir = '';
let rows: StormRow[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-storm-'));
  // Storm-lite: the standard storm on a tiny, seeded run (600 steps of 32 on 9,600 MNIST images).
  const base = resolveTrainConfig({
    backend: 'wasm', seed: 42, epochs: 2, batchSize: 32, trainLimit: 9600, testLimit: 2000, progress: false,
  });
  rows = await runStorm(base, dir);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function row(run: StormRow['run']): StormRow {
  const found = rows.find((candidate) => candidate.run === run);
  if (found === undefined) throw new Error(`no ${run} run`);
  return found;
}

describe('storm-lite', () => {
  it('should run clean, fuses and no-fuses with the standard injections', () => {
    expect(rows.map((candidate) => candidate.run)).toEqual(['clean', 'fuses', 'no-fuses']);
    expect(row('fuses').report?.config.inject).toEqual([...STORM_INJECTIONS]);
    expect(row('clean').testAccuracy).toBeGreaterThan(0.9);
  });

  it('should hold with fuses on: finite weights, the NaN batch skipped, a rollback, accuracy near clean', () => {
    const fuses = row('fuses');
    expect(fuses.halted).toBeNull();
    expect(fuses.nonFiniteWeights).toBe(0);
    expect(fuses.skippedSteps).toBeGreaterThanOrEqual(1);
    expect(fuses.rollbacks).toBeGreaterThanOrEqual(1);
    // In 600 steps each rollback costs a large share of the run; the full storm (npm run storm)
    // is where the 0.3-point bar applies.
    expect(fuses.testAccuracy ?? 0).toBeGreaterThan((row('clean').testAccuracy ?? 1) - 0.06);
  });

  it('should diverge without fuses', () => {
    const noFuses = row('no-fuses');
    const diverged = (noFuses.nonFiniteWeights ?? 0) > 0 || (noFuses.testAccuracy ?? 0) < 0.5;
    expect(diverged).toBe(true);
    expect(noFuses.report?.artifactDir).toBeNull(); // a model with NaN weights is never exported
  });
});
