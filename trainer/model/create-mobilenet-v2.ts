import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelSpec } from './create-model';

/** One stage of inverted residual blocks: expansion, output channels (before the width multiplier), blocks, first stride. */
type Stage = readonly [expansion: number, channels: number, blocks: number, stride: number];

/**
 * MobileNetV2's stages cut to fit a Worker's CPU budget: six stride-2 steps in all (96×96 →
 * 2×2), the first two right away (stem and first block; the paper keeps full resolution one
 * block longer, at 3× the compute), two blocks where the paper has 2–4, and a 256-channel head
 * instead of 1280. ≈3.2M multiply-adds per 96×96 image at width 0.5, ≈116k parameters.
 */
const STAGES: readonly Stage[] = [
  [1, 16, 1, 2],
  [6, 24, 2, 2],
  [6, 32, 2, 2],
  [6, 64, 2, 2],
  [6, 96, 1, 1],
  [6, 160, 1, 2],
];
const STEM_CHANNELS = 32;
const HEAD_CHANNELS = 256;

/** Channels scaled by the width multiplier, rounded to a multiple of 8 (at least 8), as MobileNetV2 does. */
export function scaledChannels(channels: number, width: number): number {
  const scaled = Math.max(8, Math.round((channels * width) / 8) * 8);
  return scaled < 0.9 * channels * width ? scaled + 8 : scaled;
}

/**
 * A MobileNetV2-style classifier for color photos at 96–160 px (any size works: global pooling
 * absorbs it). A strided 3×3 stem, then inverted residual blocks: 1×1 expansion + relu, 3×3
 * depthwise + relu (strided where a stage starts), linear 1×1 projection, and an identity
 * shortcut when the shape allows; a 1×1 head, global average pooling, optional dropout and a
 * dense classifier. `width` scales every channel count (MobileNetV2's width multiplier).
 *
 * No batch normalization: the data-parallel loop averages gradients, not batch statistics, and
 * an artifact without it is plain conv/depthwise/dense. Instead each residual block's projection
 * starts at zero (as Fixup and "zero-init residual" do), so the network starts as its shortcut
 * path and trains stably from scratch. Only conv2d, depthwiseConv2d, relu, add, mean and matMul:
 * ops every backend here has, the gradients included.
 */
export function createMobilenetV2(spec: ModelSpec, width: number): tfl.LayersModel {
  const { height, width: inputWidth, channels } = spec.input;
  let seed = spec.seed;
  const he = () => tfl.initializers.heNormal({ seed: seed++ });
  const glorot = () => tfl.initializers.glorotUniform({ seed: seed++ });
  // He for a depthwise kernel [3, 3, C, 1]: each output sees 9 inputs, which is tfjs' fan-out
  // here (its fan-in counts all C channels, as if the kernel were dense, and starves the signal).
  const heDepthwise = () => tfl.initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal', seed: seed++ });
  const input = tfl.input({ shape: [height, inputWidth, channels] });
  let x = tfl.layers
    .conv2d({ filters: scaledChannels(STEM_CHANNELS, width), kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: he(), name: 'stem' })
    .apply(input) as tfl.SymbolicTensor;
  let inChannels = scaledChannels(STEM_CHANNELS, width);
  STAGES.forEach(([expansion, baseChannels, blocks, firstStride], stage) => {
    const outChannels = scaledChannels(baseChannels, width);
    for (let block = 0; block < blocks; block++) {
      const stride = block === 0 ? firstStride : 1;
      const name = `block${stage + 1}_${block + 1}`;
      const residual = stride === 1 && inChannels === outChannels;
      let y = x;
      if (expansion !== 1) {
        y = tfl.layers
          .conv2d({ filters: inChannels * expansion, kernelSize: 1, activation: 'relu', kernelInitializer: he(), name: `${name}_expand` })
          .apply(y) as tfl.SymbolicTensor;
      }
      y = tfl.layers
        .depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', activation: 'relu', depthwiseInitializer: heDepthwise(), name: `${name}_depthwise` })
        .apply(y) as tfl.SymbolicTensor;
      y = tfl.layers
        .conv2d({ filters: outChannels, kernelSize: 1, kernelInitializer: residual ? 'zeros' : glorot(), name: `${name}_project` })
        .apply(y) as tfl.SymbolicTensor;
      x = residual ? (tfl.layers.add({ name: `${name}_add` }).apply([x, y]) as tfl.SymbolicTensor) : y;
      inChannels = outChannels;
    }
  });
  x = tfl.layers.conv2d({ filters: HEAD_CHANNELS, kernelSize: 1, activation: 'relu', kernelInitializer: he(), name: 'head' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tfl.SymbolicTensor;
  const dropout = spec.dropout ?? 0;
  if (dropout > 0) x = tfl.layers.dropout({ rate: dropout, seed: seed++, name: 'dropout' }).apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: spec.numClasses, kernelInitializer: glorot(), name: 'logits' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'mobilenet-v2' });
}
