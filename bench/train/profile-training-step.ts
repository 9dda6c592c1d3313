// `node --import tsx bench/train/profile-training-step.ts [--batch 32] [--model cnn-small] [--steps 30] [--trace]`:
// where one training step's time goes on the wasm backend.
//
// 1. Times forward + backward (`computeGradients`, as the train loop calls it) and the Adam update
//    of `--steps` steps without instrumentation: median and best ms per step.
// 2. Runs `--steps` more with every registered wasm kernel wrapped in a timer and prints, per phase,
//    each kernel's median ms per step (`--trace`: each call of a step in order, with input shapes).
//
// The wasm backend runs kernels synchronously, so the wall time inside a kernel function is its
// cost; a kernel that runs another through the engine is charged its own (exclusive) time only.
// What no kernel accounts for is JS outside kernels: the engine (tape, tensor bookkeeping, tidy),
// tfjs-layers, and the gradient functions. Medians, because other jobs share the machine.
import * as tf from '@tensorflow/tfjs-core';
import { getKernelsForBackend, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { initWasmTrainingBackend } from '../../trainer/backends/wasm';
import { loadMnist } from '../../trainer/data/load-mnist';
import { createModel } from '../../trainer/model/create-model';
import { MODEL_ARCHITECTURES } from '../../trainer/model/model-architectures';
import type { ModelArchitecture } from '../../trainer/model/model-architectures';
import { createAdam } from '../../trainer/optim/create-adam';
import { computeGradients } from '../../trainer/train/compute-gradients';
import { createRng, shuffledIndices } from '../../trainer/train/create-rng';
import { nextBatch } from '../../trainer/train/next-batch';
import type { Batch } from '../../trainer/train/next-batch';

/** The two phases of a step whose time is reported separately. */
type Phase = 'fwd+bwd' | 'adam';

/** One kernel call: which phase, which kernel, its input shapes, its exclusive ms. */
interface KernelCall {
  phase: Phase;
  kernel: string;
  shapes: string;
  ms: number;
}

interface ProfileOptions {
  batch: number;
  model: ModelArchitecture;
  steps: number;
  warmup: number;
  trace: boolean;
}

const USAGE = 'flags: --batch N (64), --model NAME (cnn-small), --steps N (30), --warmup N (5), --trace';

function parseOptions(argv: readonly string[]): ProfileOptions {
  const options: ProfileOptions = { batch: 64, model: 'cnn-small', steps: 30, warmup: 5, trace: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--trace') {
      options.trace = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value; ${USAGE}`);
    if (flag === '--model') {
      const model = MODEL_ARCHITECTURES.find((name) => name === value);
      if (model === undefined) throw new Error(`--model must be one of ${MODEL_ARCHITECTURES.join(', ')}, got ${value}`);
      options.model = model;
    } else if (flag === '--batch' || flag === '--steps' || flag === '--warmup') {
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} must be a positive integer, got ${value}`);
      options[flag.slice(2) as 'batch' | 'steps' | 'warmup'] = parsed;
    } else {
      throw new Error(`unknown flag ${flag}; ${USAGE}`);
    }
  }
  return options;
}

/**
 * Replaces every kernel registered for `backendName` by one that reports its exclusive wall time
 * to `record`; returns a function restoring the originals. (The backend is initialized already, so
 * setup functions do not run again.)
 */
function instrumentKernels(backendName: string, currentPhase: () => Phase, record: (call: KernelCall) => void): () => void {
  const originals = getKernelsForBackend(backendName);
  let childMs = 0; // time spent in kernels nested inside the running one
  for (const config of originals) {
    const inner = config.kernelFunc;
    const timed: KernelFunc = (args) => {
      const outerChildMs = childMs;
      childMs = 0;
      const start = performance.now();
      try {
        return inner(args);
      } finally {
        const elapsed = performance.now() - start;
        const ms = elapsed - childMs;
        childMs = outerChildMs + elapsed;
        const shapes = Object.entries(args.inputs).map(([name, info]) => `${name} [${info?.shape.join(',') ?? ''}]`).join(' ');
        record({ phase: currentPhase(), kernel: config.kernelName, shapes, ms });
      }
    };
    unregisterKernel(config.kernelName, backendName);
    registerKernel({ ...config, kernelFunc: timed });
  }
  return () => {
    for (const config of originals) {
      unregisterKernel(config.kernelName, backendName);
      registerKernel(config);
    }
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** One training step with a callback at the end of each phase. */
type StepRunner = (endPhase: (phase: Phase) => void) => Promise<void>;

/** Runs `steps` steps and returns each one's fwd+bwd and Adam wall times in ms. */
async function timeSteps(step: StepRunner, steps: number): Promise<Record<Phase, number[]>> {
  const times: Record<Phase, number[]> = { 'fwd+bwd': [], adam: [] };
  for (let i = 0; i < steps; i++) {
    let mark = performance.now();
    await step((phase) => {
      const now = performance.now();
      times[phase].push(now - mark);
      mark = now;
    });
  }
  return times;
}

interface PhaseSummary {
  /** Kernel name, median ms per step, calls per step; slowest first. */
  byKernel: [string, number, number][];
  /** Median over steps of the step's total kernel time. */
  kernelMs: number;
  /** Median over steps of the phase's wall time minus its kernel time. */
  outsideMs: number;
  /** Per-call medians, when every step made the same calls. */
  calls: KernelCall[] | null;
}

function summarize(steps: readonly KernelCall[][], wallMs: readonly number[], phase: Phase): PhaseSummary {
  const perStep = steps.map((calls) => calls.filter((call) => call.phase === phase));
  const kernels = new Set(perStep.flatMap((calls) => calls.map((call) => call.kernel)));
  const byKernel: [string, number, number][] = [...kernels].map((kernel) => {
    const sums = perStep.map((calls) => calls.filter((call) => call.kernel === kernel).reduce((sum, call) => sum + call.ms, 0));
    const count = (perStep[0] ?? []).filter((call) => call.kernel === kernel).length;
    return [kernel, median(sums), count];
  });
  byKernel.sort((a, b) => b[1] - a[1]);
  const stepKernelMs = perStep.map((calls) => calls.reduce((sum, call) => sum + call.ms, 0));
  const first = perStep[0] ?? [];
  const sameCalls = perStep.every((calls) => calls.length === first.length && calls.every((call, i) => call.kernel === first[i]?.kernel));
  return {
    byKernel,
    kernelMs: median(stepKernelMs),
    outsideMs: median(stepKernelMs.map((ms, i) => (wallMs[i] ?? Number.NaN) - ms)),
    calls: sameCalls ? first.map((call, i) => ({ ...call, ms: median(perStep.map((calls) => calls[i]?.ms ?? 0)) })) : null,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  await initWasmTrainingBackend();
  const dataset = await loadMnist({ trainLimit: options.batch * 4, testLimit: 1 });
  const numClasses = dataset.labels.length;
  const model = createModel({ architecture: options.model, input: dataset.input, numClasses, seed: 1 });
  // LayerVariable.read() returns the backing tf.Variable (typed as Tensor by tfjs-layers).
  const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const adam = createAdam(params);
  const order = shuffledIndices(dataset.train.count, createRng(1));
  const batches: Batch[] = [0, 1, 2, 3].map((index) =>
    nextBatch(dataset.train, dataset.preprocessing, numClasses, order, index * options.batch, options.batch));
  let stepIndex = 0;
  const step: StepRunner = async (endPhase) => {
    const batch = batches[stepIndex++ % batches.length] as Batch; // index modulo the length
    const gradients = { labelSmoothing: 0.1, lossScale: null, gradFactor: 1, emulateFp16: false };
    const result = await computeGradients(model, params, batch, gradients);
    endPhase('fwd+bwd');
    adam.applyGradients(result.grads, 1e-3);
    // Adam's assigns run synchronously on wasm; reading one value makes that explicit on any backend.
    await (params[0] as tf.Variable).data();
    endPhase('adam');
    tf.dispose(result.grads);
  };

  await timeSteps(step, options.warmup);
  const tensorsBefore = tf.memory().numTensors;
  const plain = await timeSteps(step, options.steps);
  const leaked = tf.memory().numTensors - tensorsBefore;

  let phase: Phase = 'fwd+bwd';
  const recorded: KernelCall[][] = [];
  const restore = instrumentKernels(tf.getBackend(), () => phase, (call) => recorded.at(-1)?.push(call));
  const instrumented = await timeSteps((endPhase) => {
    recorded.push([]);
    phase = 'fwd+bwd';
    return step((ended) => {
      endPhase(ended);
      phase = 'adam';
    });
  }, options.steps);
  restore();

  const out = process.stdout;
  const forwardBackward = median(plain['fwd+bwd']);
  const update = median(plain.adam);
  out.write(`${options.model}, batch ${options.batch}, ${tf.getBackend()} backend, ${options.steps} steps; median (best) ms per step\n`);
  out.write(`  fwd+bwd ${forwardBackward.toFixed(2)} (${Math.min(...plain['fwd+bwd']).toFixed(2)}), `
    + `adam ${update.toFixed(2)} (${Math.min(...plain.adam).toFixed(2)}), `
    + `${(options.batch / ((forwardBackward + update) / 1000)).toFixed(0)} samples/s at the medians; ${leaked} tensors leaked\n`);
  for (const reported of ['fwd+bwd', 'adam'] as const) {
    const { byKernel, kernelMs, outsideMs, calls } = summarize(recorded, instrumented[reported], reported);
    out.write(`\n${reported}: ${median(instrumented[reported]).toFixed(2)} ms instrumented: kernels ${kernelMs.toFixed(2)}, `
      + `JS outside kernels ${outsideMs.toFixed(2)}\n`);
    for (const [kernel, ms, count] of byKernel) {
      out.write(`  ${kernel.padEnd(28)} ${ms.toFixed(3).padStart(8)} ms ${String(count).padStart(4)} calls\n`);
    }
    if (options.trace) {
      out.write(calls === null ? '  (steps made different calls: no per-call trace)\n' : `  calls in order:\n${calls
        .map((call) => `    ${call.kernel.padEnd(26)} ${call.ms.toFixed(3).padStart(7)} ms  ${call.shapes}`).join('\n')}\n`);
    }
  }
  adam.dispose();
  tf.dispose(batches.flatMap((batch) => [batch.images, batch.targets]));
  model.dispose();
}

await main();
