import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { isInInferenceMode } from '../backbone/run-in-inference-mode';
import { shardGradients } from '../train/compute-gradients';
import type { GradientOptions, GradientResult } from '../train/compute-gradients';
import type { BatchArrays } from '../train/next-batch';
import { gradientStats } from '../train/gradient-stats';
import type { GradientSource } from '../train/gradient-source';
import { allocateHelperBuffers, CONTROL, createParallelLayout, HEADER } from './parallel-layout';
import type { HelperBuffers, ParallelLayout } from './parallel-layout';
import { shardSizes } from './shard-sizes';
import type { GradientWorkerData, GradientWorkerMessage, GradientWorkerRequest } from './gradient-worker';

/** What the data-parallel step needs to know up front. */
export interface ParallelOptions {
  /** Threads in all, this one included (≥ 2). */
  threads: number;
  /** Examples per batch (the largest batch `compute` will get). */
  batchSize: number;
  imageShape: [number, number, number];
  numClasses: number;
  /**
   * Adds seconds per part of each step here: `shard` (this thread's forward + backward),
   * `wait` (for the helpers), `average`, `helpers busy` (mean over helpers of their step time).
   */
  phases?: Record<string, number>;
}

interface Helper {
  worker: Worker;
  buffers: HelperBuffers;
  control: Int32Array;
  header: Float64Array;
  exit: { code: number } | null;
  onExit?: (code: number) => void;
}

/** `--import` argument that lets a worker thread load this project's TypeScript (tsx's loader). */
function typeScriptLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
}

/** Helper threads kept between runs of this process (unreferenced: they never hold the process open). */
const idleWorkers: Worker[] = [];

function spawnWorker(): Worker {
  return new Worker(new URL('./gradient-worker.ts', import.meta.url), { execArgv: ['--import', typeScriptLoader()] });
}

/** Resolves with the worker's next message; rejects if it errors or exits first. */
function nextMessage(worker: Worker): Promise<GradientWorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: GradientWorkerMessage): void => {
      cleanup();
      resolve(message);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`exited with code ${code}`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** An idle helper thread (or a new one) set up for a run with `data`. */
async function startHelper(data: GradientWorkerData): Promise<Helper> {
  const worker = idleWorkers.pop() ?? spawnWorker();
  worker.ref(); // while it serves a run, a pending Atomics.waitAsync alone would not keep Node alive
  const helper: Helper = {
    worker,
    buffers: data.buffers,
    control: new Int32Array(data.buffers.control),
    header: new Float64Array(data.buffers.header),
    exit: null,
  };
  const ready = nextMessage(worker);
  worker.postMessage({ type: 'run', data } satisfies GradientWorkerRequest);
  let message: GradientWorkerMessage;
  try {
    message = await ready;
  } catch (error) {
    await worker.terminate();
    throw new Error(`a training thread failed to start: ${(error as Error).message}`);
  }
  if (message.type !== 'ready') {
    await worker.terminate();
    throw new Error(`a training thread failed to start: ${message.type === 'failed' ? message.message : message.type}`);
  }
  helper.onExit = (code) => {
    helper.exit = { code };
  };
  worker.once('exit', helper.onExit);
  return helper;
}

/** Ends `helper`'s run and keeps its thread for the next one (or ends it, if it misbehaves). */
async function releaseHelper(helper: Helper): Promise<void> {
  if (helper.exit) return;
  if (helper.onExit) helper.worker.off('exit', helper.onExit);
  const released = nextMessage(helper.worker);
  Atomics.store(helper.control, CONTROL.command, -1);
  Atomics.notify(helper.control, CONTROL.command);
  try {
    const message = await released;
    if (message.type !== 'released') throw new Error(`unexpected ${message.type}`);
  } catch {
    await helper.worker.terminate();
    return;
  }
  helper.worker.unref();
  idleWorkers.push(helper.worker);
}

/** Resolves once `helper` has finished step `command`; rejects if it died or the step failed. */
async function finished(helper: Helper, command: number, index: number): Promise<void> {
  for (;;) {
    const done = Atomics.load(helper.control, CONTROL.done);
    if (done === command) break;
    if (helper.exit) throw new Error(`training thread ${index + 2} exited with code ${helper.exit.code}`);
    // Block briefly: waking from Atomics.wait is faster than a promise through the event loop. Every
    // 100 ms the event loop runs, so an exited helper is noticed.
    if (Atomics.wait(helper.control, CONTROL.done, done, 100) === 'timed-out') await new Promise((resolve) => setImmediate(resolve));
  }
  if (helper.header[HEADER.failed] === 1) {
    const bytes = new Uint8Array(helper.buffers.error).slice();
    const end = bytes.indexOf(0);
    throw new Error(`training thread ${index + 2}: ${new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end))}`);
  }
}

/**
 * Data-parallel gradients: `threads − 1` worker threads, each with its own tfjs backend (wasm or
 * cpu) and a replica of `model`, plus this thread. Every step, this thread writes its current
 * weights to shared memory, each helper computes the gradients of a contiguous shard of the batch,
 * this thread computes the first shard, and the shard gradients are averaged weighted by shard
 * size — which is the gradient of the whole batch's mean loss, up to float rounding. Loss, norm and
 * finiteness are those of the averaged gradient, so the fuses see what one thread would see.
 *
 * Dropout draws its own masks on each thread, so runs with dropout differ from one thread's run.
 */
export async function createParallelGradientSource(
  model: tfl.LayersModel,
  params: readonly tf.Variable[],
  options: ParallelOptions,
): Promise<GradientSource> {
  const { threads, batchSize, imageShape, numClasses } = options;
  if (threads < 2) throw new RangeError(`createParallelGradientSource needs at least 2 threads, got ${threads}`);
  const layout: ParallelLayout = createParallelLayout(
    params.map((param) => [...param.shape]),
    Math.max(...shardSizes(batchSize, threads).slice(1)),
    imageShape,
    numClasses,
  );
  const weightsBuffer = new SharedArrayBuffer(layout.totalParams * Float32Array.BYTES_PER_ELEMENT);
  const weights = new Float32Array(weightsBuffer);
  const topology = model.toJSON(null, true) as string;
  // What a replica built from the topology lacks: untrained weights' values, inference-mode layers.
  const trainable = new Set(model.trainableWeights);
  const fixedWeights = model.weights.flatMap((weight, index) => (trainable.has(weight) ? [] : [{ index, values: weight.read().dataSync() as Float32Array }]));
  const inferenceModeLayers = model.layers.filter(isInInferenceMode).map((layer) => layer.name);
  const started = await Promise.allSettled(
    Array.from({ length: threads - 1 }, (_, index) =>
      startHelper({
        backend: tf.getBackend(), topology, layout, buffers: allocateHelperBuffers(layout, weightsBuffer), shard: index + 1, fixedWeights, inferenceModeLayers,
      })),
  );
  const helpers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await Promise.all(helpers.map(releaseHelper));
    throw failure.reason;
  }
  const [height, width, channels] = imageShape;
  const imageSize = height * width * channels;
  let command = 0;
  const phases = options.phases ?? {};
  const add = (phase: string, seconds: number): void => {
    phases[phase] = (phases[phase] ?? 0) + seconds;
  };
  let helpersBusy = 0;

  async function compute(batch: BatchArrays, gradientOptions: GradientOptions): Promise<GradientResult> {
    if (batch.size > batchSize) throw new RangeError(`batch of ${batch.size} is larger than the ${batchSize} the threads were set up for`);
    const sizes = shardSizes(batch.size, threads);
    params.forEach((param, index) => weights.set(param.dataSync() as Float32Array, layout.paramOffsets[index]));
    command++;
    let row = sizes[0] as number;
    helpers.forEach((helper, index) => {
      const size = sizes[index + 1] as number;
      new Float32Array(helper.buffers.images).set(batch.images.subarray(row * imageSize, (row + size) * imageSize));
      new Float32Array(helper.buffers.targets).set(batch.targets.subarray(row * numClasses, (row + size) * numClasses));
      const { header } = helper;
      header[HEADER.shardSize] = size;
      header[HEADER.lossScale] = gradientOptions.lossScale ?? Number.NaN;
      header[HEADER.gradFactor] = gradientOptions.gradFactor;
      header[HEADER.emulateFp16] = gradientOptions.emulateFp16 ? 1 : 0;
      header[HEADER.labelSmoothing] = gradientOptions.labelSmoothing;
      header[HEADER.step] = gradientOptions.step ?? Number.NaN;
      row += size;
      Atomics.store(helper.control, CONTROL.command, command);
      Atomics.notify(helper.control, CONTROL.command);
    });

    // this thread's shard, while the helpers compute theirs
    const shardStarted = performance.now();
    const ownSize = sizes[0] as number;
    const images = tf.tensor4d(batch.images.subarray(0, ownSize * imageSize), [ownSize, height, width, channels]);
    const targets = tf.tensor2d(batch.targets.subarray(0, ownSize * numClasses), [ownSize, numClasses]);
    const own = shardGradients(model, params, images, targets, gradientOptions, 0);
    tf.dispose([images, targets]);
    const ownValues = own.grads.map((grad) => grad.dataSync() as Float32Array);
    tf.dispose(own.grads);
    const waitStarted = performance.now();
    add('shard', (waitStarted - shardStarted) / 1000);
    await Promise.all(helpers.map((helper, index) => finished(helper, command, index)));
    const averageStarted = performance.now();
    add('wait', (averageStarted - waitStarted) / 1000);
    const busy = helpers.reduce((sum, helper) => sum + (helper.header[HEADER.busySeconds] as number), 0) / helpers.length;
    add('helpers busy', busy - helpersBusy);
    helpersBusy = busy;

    // average, weighted by shard size: Σ (nᵢ/N)·∇(mean loss of shard i) = ∇(mean loss of the batch)
    const ownWeight = ownSize / batch.size;
    const averaged = ownValues.map((values) => {
      const sum = new Float32Array(values.length);
      for (let index = 0; index < values.length; index++) sum[index] = ownWeight * (values[index] as number);
      return sum;
    });
    let loss = ownWeight * own.loss;
    let correct = own.correct;
    helpers.forEach((helper, helperIndex) => {
      const weight = (sizes[helperIndex + 1] as number) / batch.size;
      const grads = new Float32Array(helper.buffers.grads);
      averaged.forEach((sum, paramIndex) => {
        const offset = layout.paramOffsets[paramIndex] as number;
        for (let index = 0; index < sum.length; index++) sum[index] = (sum[index] as number) + weight * (grads[offset + index] as number);
      });
      loss += weight * (helper.header[HEADER.loss] as number);
      correct += helper.header[HEADER.correct] as number;
    });
    gradientOptions.frozen?.forEach((frozen, index) => {
      if (frozen) averaged[index]?.fill(0);
    });
    const { norm, finite } = gradientStats(averaged, loss);
    const grads = averaged.map((values, index) => tf.tensor(values, layout.paramShapes[index]));
    add('average', (performance.now() - averageStarted) / 1000);
    return { loss, gradNorm: norm, finite, correct, grads };
  }

  return {
    threads,
    compute,
    /** Ends the run; the helper threads stay, idle, for the next run in this process. */
    async dispose() {
      await Promise.all(helpers.map(releaseHelper));
    },
  };
}
