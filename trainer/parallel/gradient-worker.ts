// A helper thread of data-parallel training: holds a replica of the model on its own tfjs backend,
// and for every step the main thread posts, loads the main thread's weights, computes the gradients
// of its shard of the batch and writes them back. Started (and kept between runs) by
// `createParallelGradientSource`.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { runInInferenceMode } from '../backbone/run-in-inference-mode';
import { initWasmTrainingBackend } from '../backends/wasm';
import { shardGradients } from '../train/compute-gradients';
import { CONTROL, ERROR_BYTES, HEADER } from './parallel-layout';
import type { HelperBuffers, ParallelLayout } from './parallel-layout';

/** What `createParallelGradientSource` hands each helper thread. */
export interface GradientWorkerData {
  /** tfjs backend name (`wasm` or `cpu`). */
  backend: string;
  /** `model.toJSON()` of the main thread's model (topology only; weights come every step). */
  topology: string;
  layout: ParallelLayout;
  buffers: HelperBuffers;
  /** Which shard of each batch this thread computes (1-based: the main thread has shard 0). */
  shard: number;
  /**
   * The weights that are not trained (a frozen backbone, batch-norm statistics), by index in
   * `model.weights`: only trainable weights travel every step, so the replica starts with these.
   */
  fixedWeights: { index: number; values: Float32Array }[];
  /** Layers that always run in inference mode (a frozen backbone's, see `runInInferenceMode`). */
  inferenceModeLayers: string[];
}

/** What the main thread posts to a helper thread: serve a run. */
export interface GradientWorkerRequest {
  type: 'run';
  data: GradientWorkerData;
}

/** Messages a helper thread posts to the main thread. */
export type GradientWorkerMessage = { type: 'ready' } | { type: 'released' } | { type: 'failed'; message: string };

async function start(data: GradientWorkerData): Promise<{ model: tfl.LayersModel; params: tf.Variable[] }> {
  if (data.backend === 'wasm') {
    await initWasmTrainingBackend();
  } else if (!(await tf.setBackend(data.backend))) {
    throw new Error(`tfjs backend "${data.backend}" failed to initialize in a training thread`);
  }
  const model = await tfl.models.modelFromJSON({ modelTopology: JSON.parse(data.topology) as tf.io.ModelJSON['modelTopology'] });
  const weights = model.weights;
  for (const { index, values } of data.fixedWeights) {
    const weight = weights[index];
    if (weight === undefined) throw new Error(`the rebuilt model has no weight ${index} (it has ${weights.length})`);
    // A built model's weight shapes are concrete.
    const value = tf.tensor(values, weight.shape as number[]);
    weight.write(value);
    value.dispose();
  }
  for (const name of data.inferenceModeLayers) runInInferenceMode(model.getLayer(name));
  // LayerVariable.read() returns the backing tf.Variable (typed as Tensor by tfjs-layers).
  const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const shapes = params.map((param) => param.shape.join('x')).join(', ');
  const expected = data.layout.paramShapes.map((shape) => shape.join('x')).join(', ');
  if (shapes !== expected) throw new Error(`the rebuilt model's parameters [${shapes}] differ from the main thread's [${expected}]`);
  return { model, params };
}

/** Loads the main thread's weights, then runs forward + backward of this helper's shard. */
function runStep(data: GradientWorkerData, model: tfl.LayersModel, params: tf.Variable[]): void {
  const { layout, buffers } = data;
  const header = new Float64Array(buffers.header);
  const weights = new Float32Array(buffers.weights);
  params.forEach((param, index) => {
    const offset = layout.paramOffsets[index] as number;
    const value = tf.tensor(weights.slice(offset, offset + param.size), param.shape);
    param.assign(value);
    value.dispose();
  });
  const size = header[HEADER.shardSize] as number;
  const [height, width, channels] = layout.imageShape;
  const images = tf.tensor4d(new Float32Array(buffers.images, 0, size * height * width * channels).slice(), [size, height, width, channels]);
  const targets = tf.tensor2d(new Float32Array(buffers.targets, 0, size * layout.numClasses).slice(), [size, layout.numClasses]);
  const lossScale = header[HEADER.lossScale] as number;
  const step = header[HEADER.step] as number;
  const shard = shardGradients(model, params, images, targets, {
    labelSmoothing: header[HEADER.labelSmoothing] as number,
    lossScale: Number.isNaN(lossScale) ? null : lossScale,
    gradFactor: header[HEADER.gradFactor] as number,
    emulateFp16: header[HEADER.emulateFp16] === 1,
    ...(Number.isNaN(step) ? {} : { step }),
  }, data.shard);
  tf.dispose([images, targets]);
  const grads = new Float32Array(buffers.grads);
  shard.grads.forEach((grad, index) => grads.set(grad.dataSync() as Float32Array, layout.paramOffsets[index] as number));
  tf.dispose(shard.grads);
  header[HEADER.loss] = shard.loss;
  header[HEADER.correct] = shard.correct;
}

function recordFailure(buffers: HelperBuffers, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const bytes = new TextEncoder().encode(message).slice(0, ERROR_BYTES);
  const target = new Uint8Array(buffers.error);
  target.fill(0);
  target.set(bytes);
  new Float64Array(buffers.header)[HEADER.failed] = 1;
}

/** Serves one training run: steps until the main thread posts command −1. */
function serveSteps(data: GradientWorkerData, model: tfl.LayersModel, params: tf.Variable[]): void {
  const control = new Int32Array(data.buffers.control);
  const header = new Float64Array(data.buffers.header);
  let seen = 0;
  // Blocks this thread between steps: the main thread wakes it with Atomics.notify.
  for (;;) {
    Atomics.wait(control, CONTROL.command, seen);
    const command = Atomics.load(control, CONTROL.command);
    if (command < 0) return;
    if (command === seen) continue;
    seen = command;
    const stepStarted = performance.now();
    try {
      header[HEADER.failed] = 0;
      runStep(data, model, params);
    } catch (error) {
      recordFailure(data.buffers, error);
    }
    header[HEADER.busySeconds] = (header[HEADER.busySeconds] as number) + (performance.now() - stepStarted) / 1000;
    Atomics.store(control, CONTROL.done, command);
    Atomics.notify(control, CONTROL.done);
  }
}

/**
 * Each `GradientWorkerRequest` sets the thread up for one run (backend, model replica, buffers),
 * serves its steps, then releases the model and waits for the next run: the main thread keeps
 * idle helpers, so later runs in the same process skip the start-up.
 */
function listen(): void {
  const port = parentPort;
  if (port === null) throw new Error('gradient-worker.ts runs as a worker thread of createParallelGradientSource');
  port.on('message', async (request: GradientWorkerRequest) => {
    let started: { model: tfl.LayersModel; params: tf.Variable[] };
    try {
      started = await start(request.data);
    } catch (error) {
      port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies GradientWorkerMessage);
      return;
    }
    port.postMessage({ type: 'ready' } satisfies GradientWorkerMessage);
    serveSteps(request.data, started.model, started.params);
    started.model.dispose();
    tf.disposeVariables();
    port.postMessage({ type: 'released' } satisfies GradientWorkerMessage);
  });
}

listen();
