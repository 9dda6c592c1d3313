import type * as tfl from '@tensorflow/tfjs-layers';

/** Shape of a layer's output without the batch axis. */
function outputShape(layer: tfl.layers.Layer): number[] {
  const shape = layer.outputShape as (number | null)[];
  return shape.slice(1).map((size) => size ?? 1);
}

/**
 * Floating-point operations to train on one example: forward multiply-adds of convolutions and
 * dense layers (2 FLOPs each) times 3 (forward + gradient w.r.t. inputs + gradient w.r.t.
 * weights). Elementwise ops, pooling and the optimizer are left out, as is usual for GFLOP/s.
 */
export function trainingFlopsPerExample(model: tfl.LayersModel): number {
  let forward = 0;
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const kernel = layer.getWeights()[0];
    if (kernel === undefined) continue;
    const outputs = outputShape(layer).reduce((product, size) => product * size, 1);
    if (className === 'Conv2D') {
      const [kh = 0, kw = 0, cin = 0] = kernel.shape;
      forward += 2 * kh * kw * cin * outputs;
    } else if (className === 'DepthwiseConv2D') {
      const [kh = 0, kw = 0] = kernel.shape;
      forward += 2 * kh * kw * outputs;
    } else if (className === 'Dense') {
      const [inputs = 0] = kernel.shape;
      forward += 2 * inputs * outputs;
    }
  }
  return 3 * forward;
}
