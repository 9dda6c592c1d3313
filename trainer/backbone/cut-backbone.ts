import * as tfl from '@tensorflow/tfjs-layers';
import { positionOf, previousPosition } from '../import/walk-back';
import type { GraphLayer, GraphPosition } from '../import/walk-back';
import { BackboneError } from './backbone-error';

/** Layers after the classifier that only turn its logits into probabilities. */
const OUTPUT_ACTIVATIONS = new Set(['Softmax', 'Activation']);

/** Layers between the features and the classifier that are the identity at inference. */
const PASS_THROUGH = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout', 'Identity']);

/** A pretrained model cut where its features end. */
export interface CutBackbone {
  /** The model from the original input to the cut layer's output (shares the original's layers). */
  features: tfl.LayersModel;
  /** Name of the layer whose output the head sees. */
  cutLayer: string;
  /** Shape of the features, without the batch axis (`[7, 7, 1280]`, `[576]`). */
  featureShape: number[];
}

/**
 * The default cut: the last layer before the classifier. From the output, skip an output
 * activation (`Softmax`, `Activation`), the classifier itself, then dropout-like layers.
 * A model nested as the last layer (Teachable Machine's head) counts as the classifier.
 */
function defaultCut(model: tfl.LayersModel): GraphLayer {
  const output = model.outputs[0];
  let position: GraphPosition | undefined = output === undefined ? undefined : positionOf(output);
  while (position !== undefined && OUTPUT_ACTIVATIONS.has(position.layer.getClassName())) position = previousPosition(position);
  const classifier = position?.layer;
  position = position === undefined ? undefined : previousPosition(position);
  while (position !== undefined && PASS_THROUGH.has(position.layer.getClassName())) position = previousPosition(position);
  if (position === undefined || position.layer.getClassName() === 'InputLayer') {
    throw new BackboneError(`the backbone "${model.name}" has no layer before its classifier "${classifier?.name ?? '?'}"; pass --backbone-layer NAME`);
  }
  return position.layer;
}

/**
 * Cuts a pretrained classifier into a feature extractor: the model from its input to the output
 * of `layerName` (default: the last layer before the classifier, see `defaultCut`). Only
 * top-level layers can be cut at (a nested model counts as one layer). The result shares the
 * original's layers and weights, so freezing or training it changes the original too.
 *
 * @example
 * const { features, featureShape } = cutBackbone(pretrained); // featureShape [3, 3, 64]
 */
export function cutBackbone(model: tfl.LayersModel, layerName?: string): CutBackbone {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new BackboneError(`the backbone "${model.name}" has ${model.inputs.length} inputs and ${model.outputs.length} outputs; it needs one of each`);
  }
  let layer: GraphLayer;
  if (layerName === undefined) {
    layer = defaultCut(model);
  } else {
    const found = model.layers.find((candidate) => candidate.name === layerName);
    if (found === undefined) {
      const names = model.layers.map((candidate) => candidate.name);
      const shown = names.length > 12 ? [...names.slice(0, 4), '…', ...names.slice(-6)] : names;
      throw new BackboneError(`--backbone-layer ${layerName}: the backbone has no top-level layer of that name (it has ${shown.join(', ')})`);
    }
    if (found === model.outputs[0]?.sourceLayer) {
      throw new BackboneError(`--backbone-layer ${layerName} is the backbone's output layer; cut below its classifier`);
    }
    layer = found;
  }
  const output = layer.output;
  if (Array.isArray(output)) throw new BackboneError(`--backbone-layer ${layer.name} has ${output.length} outputs; cut at a layer with one`);
  const features = tfl.model({ inputs: model.inputs, outputs: output, name: `${model.name}_features` });
  const featureShape = output.shape.slice(1).map((size) => size ?? 0);
  return { features, cutLayer: layer.name, featureShape };
}
