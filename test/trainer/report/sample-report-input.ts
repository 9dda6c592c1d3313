import type { ReportEvent, ReportHtmlInput, TelemetryRow } from '../../../trainer/report/report-html-input';

/** Deterministic uniform [0, 1) generator (mulberry32), so fixtures are the same on every run. */
function createUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A realistic run for rendering tests and screenshots: `steps` Adam steps with warm-up + cosine LR,
 * adaptive clipping, dynamic loss scaling, an injected LR spike (`inject:lr*100`) that the spike
 * detector rolls back, one non-finite step that is skipped, and a 10×10 MNIST-like confusion matrix.
 */
export function sampleReportInput(steps = 3000, seed = 7): ReportHtmlInput {
  const uniform = createUniform(seed);
  const stepsPerEpoch = 469;
  const injectStep = Math.round(steps * 0.4);
  const rollbackStep = injectStep + 12;
  const nonFiniteStep = Math.round(steps * 0.6);
  const telemetry: TelemetryRow[] = [];
  const events: ReportEvent[] = [];
  let lossScale = 2 ** 15;
  for (let step = 0; step < steps; step++) {
    const warmup = Math.min(1, (step + 1) / 100);
    let lr = 1e-3 * warmup * (0.5 * (1 + Math.cos((Math.PI * step) / steps)));
    const progress = step / steps;
    let loss = 0.04 + 2.26 * Math.exp(-progress * 9) + 0.08 * (uniform() - 0.5) * (1 - progress * 0.8);
    let gradNorm = 0.6 + 3.5 * Math.exp(-progress * 6) + 0.6 * uniform();
    let event: string | undefined;
    if (step === injectStep) {
      lr *= 100;
      event = 'inject:lr*100';
      events.push({ step, kind: 'inject', detail: 'lr ×100 for 12 steps (--inject lr*100@' + step + ')' });
    }
    if (step > injectStep && step < rollbackStep) {
      lr *= 100;
      const k = step - injectStep;
      loss = 0.3 * Math.exp(k * 0.35);
      gradNorm = 20 * Math.exp(k * 0.6);
      if (k === 3) events.push({ step, kind: 'spike', detail: `loss z-score ${(6 + k).toFixed(1)} for 3 steps (onset ${step - 2})` });
    }
    if (step === rollbackStep) {
      event = 'rollback';
      events.push({ step, kind: 'rollback', detail: `restored snapshot of step ${injectStep - 100}; lr ×0.5` });
    }
    const clipThreshold = 2.5 + 2 * Math.exp(-progress * 4);
    const skipped = step === nonFiniteStep;
    if (skipped) {
      lossScale /= 2;
      event = 'skip:nonfinite';
      events.push({ step, kind: 'skip', detail: 'non-finite gradients (NaN in dense_1/kernel); update skipped, loss scale halved' });
    } else if (step > 0 && step % 1000 === 0) {
      lossScale *= 2;
    }
    const clipped = !skipped && gradNorm > clipThreshold;
    if (clipped && event === undefined) event = 'clip';
    telemetry.push({
      step,
      epoch: Math.floor(step / stepsPerEpoch),
      loss: skipped ? null : loss,
      gradNorm: skipped ? null : gradNorm,
      gradNormAfter: skipped ? null : Math.min(gradNorm, clipThreshold),
      clipThreshold,
      lossScale,
      lr,
      skipped,
      ...(event === undefined ? {} : { event }),
    });
  }
  const labels = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  const support = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
  const counts = support.map((total, trueClass) => {
    const row = labels.map(() => 0);
    let errors = Math.round(total * (0.004 + 0.014 * uniform()));
    while (errors > 0) {
      const predicted = Math.floor(uniform() * labels.length);
      if (predicted === trueClass) continue;
      const confusable = (trueClass === 4 && predicted === 9) || (trueClass === 7 && predicted === 2) ? 3 : 1;
      const add = Math.min(errors, confusable);
      row[predicted] = (row[predicted] ?? 0) + add;
      errors -= add;
    }
    row[trueClass] = total - row.reduce((sum, count) => sum + count, 0);
    return row;
  });
  const correct = counts.reduce((sum, row, index) => sum + (row[index] ?? 0), 0);
  const evaluations = Array.from({ length: 10 }, (_, index) => {
    const step = Math.round(((index + 1) * (steps - 1)) / 10);
    return { step, accuracy: Math.min(0.995, 0.9 + 0.09 * (1 - Math.exp(-index / 2)) - (step > injectStep && step < rollbackStep + 200 ? 0.03 : 0)) };
  });
  return {
    title: 'mnist v1',
    summary: {
      name: 'mnist',
      version: 'v1',
      testAccuracy: correct / 10000,
      steps,
      epochs: Math.ceil(steps / stepsPerEpoch),
      samplesPerSecond: 5321.482,
      wallSeconds: 74.3,
      backend: 'wasm',
      skippedSteps: telemetry.filter((row) => row.skipped).length,
      clippedSteps: telemetry.filter((row) => row.event === 'clip').length,
      rollbacks: 1,
      nonFiniteWeights: false,
      lossScaling: true,
      resumedFrom: null,
    },
    telemetry,
    evaluations,
    confusion: { labels, counts },
    events,
  };
}
