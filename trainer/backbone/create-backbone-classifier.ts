import * as tfl from '@tensorflow/tfjs-layers';
import { BackboneError } from './backbone-error';
import type { CutBackbone } from './cut-backbone';
import { runInInferenceMode } from './run-in-inference-mode';

/** What the new head on a backbone looks like. */
export interface BackboneHeadSpec {
  numClasses: number;
  /** Seed of the head's initializers (and its dropout). */
  seed: number;
  /** Dropout before the classifier (0 = none). */
  dropout?: number;
}

/** A backbone with a new head: one model for training and export, and which layers are whose. */
export interface BackboneClassifier {
  model: tfl.LayersModel;
  /** The backbone's top-level layers, input side first (the input layer excluded). */
  backboneLayers: string[];
  /** The head's layers (pooling or flatten, dropout, classifier). */
  headLayers: string[];
}

/** Prefix of every head layer, so they never collide with a backbone layer's name. */
export const HEAD_PREFIX = 'edgefuse_head';

/**
 * Puts a new classifier head on a cut backbone: global average pooling (4-D features) or
 * flatten (3-D), optional dropout, and a dense layer with one logit per class. The backbone's
 * layers are frozen (`trainable = false`) and always run in inference mode, as Keras' transfer
 * learning does: batch norm uses its moving statistics (which stay untouched) and dropout is off.
 * The result is one functional model, backbone plus head, that serializes to stock layers.
 */
export function createBackboneClassifier(backbone: CutBackbone, spec: BackboneHeadSpec): BackboneClassifier {
  const { features } = backbone;
  const backboneLayers = features.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  for (const layer of backboneLayers) {
    layer.trainable = false;
    runInInferenceMode(layer);
  }
  const featureOutput = features.outputs[0];
  if (featureOutput === undefined) throw new BackboneError('the cut backbone has no output');
  let seed = spec.seed;
  const rank = featureOutput.shape.length;
  const apply = (layer: tfl.layers.Layer, input: tfl.SymbolicTensor) => layer.apply(input) as tfl.SymbolicTensor;
  let x = featureOutput;
  const head: tfl.layers.Layer[] = [];
  if (rank === 4) head.push(tfl.layers.globalAveragePooling2d({ name: `${HEAD_PREFIX}_pool` }));
  else if (rank > 2) head.push(tfl.layers.flatten({ name: `${HEAD_PREFIX}_flatten` }));
  if ((spec.dropout ?? 0) > 0) head.push(tfl.layers.dropout({ rate: spec.dropout ?? 0, seed: seed++, name: `${HEAD_PREFIX}_dropout` }));
  head.push(tfl.layers.dense({ units: spec.numClasses, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }), name: `${HEAD_PREFIX}_logits` }));
  for (const layer of head) x = apply(layer, x);
  const model = tfl.model({ inputs: features.inputs, outputs: x, name: `${features.name.replace(/_features$/, '')}_${HEAD_PREFIX}` });
  return { model, backboneLayers: backboneLayers.map((layer) => layer.name), headLayers: head.map((layer) => layer.name) };
}
