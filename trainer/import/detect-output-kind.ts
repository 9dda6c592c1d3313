import * as tfl from '@tensorflow/tfjs-layers';
import { ImportError } from './import-error';
import { positionOf, previousPosition } from './walk-back';
import type { GraphLayer, GraphPosition } from './walk-back';

/** What a classifier's output holds (the manifest's `output`). */
export type OutputKind = 'logits' | 'probabilities';

/** The output kind and how it was decided, for the manifest's provenance. */
export interface DetectedOutput {
  kind: OutputKind;
  from: string;
}

/** Layers that pass their input's meaning through unchanged at inference. */
const PASS_THROUGH = new Set(['Flatten', 'Reshape', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout', 'Identity']);

/** The layer that computes the model's output: nested models and pass-through layers looked through. */
function finalLayer(model: tfl.LayersModel): GraphLayer {
  const [output, ...others] = model.outputs;
  if (output === undefined || others.length > 0) throw new ImportError(`the model has ${model.outputs.length} outputs; a classifier has one`);
  let position: GraphPosition = positionOf(output);
  for (let depth = 0; depth < 1000; depth++) {
    const { layer } = position;
    if (layer instanceof tfl.LayersModel) {
      const inner = layer.outputs[0];
      if (inner === undefined || layer.outputs.length !== 1) throw new ImportError(`nested model "${layer.name}" has ${layer.outputs.length} outputs; a classifier has one`);
      position = positionOf(inner);
      continue;
    }
    const className = layer.getClassName();
    const linearActivation = className === 'Activation' && layer.getConfig().activation === 'linear';
    const previous = previousPosition(position);
    if ((PASS_THROUGH.has(className) || linearActivation) && previous !== undefined) {
      position = previous;
      continue;
    }
    return layer;
  }
  throw new ImportError('the model nests layers more than 1000 deep');
}

/**
 * Whether the model outputs `logits` or `probabilities`, read from its last activation: softmax
 * (an activation or a `Softmax` layer) means probabilities, no activation (linear) means logits.
 * Anything else (sigmoid, relu, a merge layer) cannot be told apart and needs `--output`.
 * `override` (from `--output`) wins.
 */
export function detectOutputKind(model: tfl.LayersModel, override?: string): DetectedOutput {
  if (override !== undefined) {
    if (override !== 'logits' && override !== 'probabilities') {
      throw new ImportError(`--output: expected logits | probabilities, got "${override}"`);
    }
    return { kind: override, from: `--output ${override}` };
  }
  const layer = finalLayer(model);
  const className = layer.getClassName();
  if (className === 'Softmax') return { kind: 'probabilities', from: `Softmax layer "${layer.name}"` };
  const activation = layer.getConfig().activation;
  if (activation === 'softmax') return { kind: 'probabilities', from: `softmax activation of layer "${layer.name}"` };
  if (activation === 'linear') return { kind: 'logits', from: `linear (no) activation of layer "${layer.name}"` };
  const what = typeof activation === 'string' ? `has a ${activation} activation` : `is a ${className} layer`;
  throw new ImportError(
    `cannot tell whether the model outputs logits or probabilities: its last layer "${layer.name}" ${what}; pass --output logits|probabilities`,
  );
}
