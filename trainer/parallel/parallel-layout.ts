/** Shapes and sizes both sides of the data-parallel step agree on. */
export interface ParallelLayout {
  /** Trainable parameter shapes, in `model.trainableWeights` order. */
  paramShapes: number[][];
  /** Offset of each parameter in the flat weight and gradient buffers. */
  paramOffsets: number[];
  totalParams: number;
  /** Largest shard a helper thread is given (examples). */
  maxShard: number;
  /** `[h, w, c]` of one image. */
  imageShape: [number, number, number];
  numClasses: number;
}

/** Memory shared between the main thread and one helper thread (`weights` is shared by all helpers). */
export interface HelperBuffers {
  /** Int32: see `CONTROL`. */
  control: SharedArrayBuffer;
  /** Float32 `[totalParams]`: the main thread's weights, written before every step. */
  weights: SharedArrayBuffer;
  /** Float64 `[HEADER_SLOTS]`: this helper's step settings and results, see `HEADER`. */
  header: SharedArrayBuffer;
  /** Float32 `[maxShard, h, w, c]`: this helper's shard of the batch. */
  images: SharedArrayBuffer;
  /** Float32 `[maxShard, classes]`. */
  targets: SharedArrayBuffer;
  /** Float32 `[totalParams]`: this helper's gradients of its shard's mean loss. */
  grads: SharedArrayBuffer;
  /** UTF-8 of the error that failed the last step (NUL-padded). */
  error: SharedArrayBuffer;
}

/** Int32 slots of `HelperBuffers.control`. */
export const CONTROL = {
  /** Step sequence number the main thread asks for; −1 asks the helper to exit. */
  command: 0,
  /** Step sequence number the helper finished last. */
  done: 1,
  length: 2,
} as const;

/** Float64 slots of `HelperBuffers.header`. */
export const HEADER = {
  shardSize: 0,
  /** NaN when there is no loss scale. */
  lossScale: 1,
  gradFactor: 2,
  emulateFp16: 3,
  labelSmoothing: 4,
  /** Data step (NaN when the caller gave none). */
  step: 5,
  /** Results: */
  loss: 6,
  correct: 7,
  failed: 8,
  /** Seconds this helper has spent on steps so far. */
  busySeconds: 9,
  length: 10,
} as const;

/** Bytes of `HelperBuffers.error`. */
export const ERROR_BYTES = 2048;

/** A layout for `paramShapes` with helper shards of at most `maxShard` examples. */
export function createParallelLayout(
  paramShapes: number[][],
  maxShard: number,
  imageShape: [number, number, number],
  numClasses: number,
): ParallelLayout {
  const paramOffsets: number[] = [];
  let totalParams = 0;
  for (const shape of paramShapes) {
    paramOffsets.push(totalParams);
    totalParams += shape.reduce((product, size) => product * size, 1);
  }
  return { paramShapes, paramOffsets, totalParams, maxShard, imageShape, numClasses };
}

/** Allocates one helper's shared buffers. */
export function allocateHelperBuffers(layout: ParallelLayout, weights: SharedArrayBuffer): HelperBuffers {
  const [height, width, channels] = layout.imageShape;
  return {
    control: new SharedArrayBuffer(CONTROL.length * Int32Array.BYTES_PER_ELEMENT),
    weights,
    header: new SharedArrayBuffer(HEADER.length * Float64Array.BYTES_PER_ELEMENT),
    images: new SharedArrayBuffer(layout.maxShard * height * width * channels * Float32Array.BYTES_PER_ELEMENT),
    targets: new SharedArrayBuffer(layout.maxShard * layout.numClasses * Float32Array.BYTES_PER_ELEMENT),
    grads: new SharedArrayBuffer(layout.totalParams * Float32Array.BYTES_PER_ELEMENT),
    error: new SharedArrayBuffer(ERROR_BYTES),
  };
}
