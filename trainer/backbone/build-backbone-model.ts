import type * as tfl from '@tensorflow/tfjs-layers';
import type { PreprocessSpec } from '../../shared/preprocess';
import { createBackboneClassifier } from './create-backbone-classifier';
import { cutBackbone } from './cut-backbone';
import type { LoadedBackbone } from './load-backbone';
import { unfreezeTopLayers } from './unfreeze-top-layers';

/** How to build a classifier on a pretrained backbone (`npm run train -- --backbone …`). */
export interface BackboneOptions {
  /** Where to cut (default: the last layer before the classifier). */
  layer?: string;
  numClasses: number;
  seed: number;
  dropout: number;
  /** Backbone layers with weights, from the top, that fine-tuning trains too (0 = none). */
  fineTuneLayers: number;
}

/** A backbone + new head, ready to train, and what the manifest should say about it. */
export interface BackboneModel {
  model: tfl.LayersModel;
  /** The backbone's preprocessing: the training data and the served images go through it. */
  preprocessing: PreprocessSpec;
  /**
   * One flag per trainable weight of `model`, in `model.trainableWeights` order: true for the
   * fine-tuned backbone layers' weights (frozen until fine-tuning starts, then at a lower rate),
   * false for the head's.
   */
  fineTuned: boolean[];
  /** For the manifest's `training.backbone`. */
  description: {
    dir: string;
    name?: string;
    version?: string;
    source?: string;
    cutLayer: string;
    featureShape: number[];
    frozenLayers: number;
    fineTuneLayers: string[];
    headLayers: string[];
  };
}

/**
 * Cuts a loaded backbone (see `loadBackbone`), puts a new head on it for `numClasses`, freezes it and, with
 * `fineTuneLayers` K > 0, makes its top K layers with weights trainable as well. Which weights
 * are the fine-tuned ones is returned as a mask, so the training loop can hold them still until
 * fine-tuning starts and give them their own learning rate: the set of trained weights (and so
 * the optimizer state, checkpoints and snapshots) stays the same through the whole run.
 */
export function buildBackboneModel(backbone: LoadedBackbone, options: BackboneOptions): BackboneModel {
  const cut = cutBackbone(backbone.model, options.layer);
  const classifier = createBackboneClassifier(cut, { numClasses: options.numClasses, seed: options.seed, dropout: options.dropout });
  const fineTuneLayers = options.fineTuneLayers > 0 ? unfreezeTopLayers(classifier.model, classifier.backboneLayers, options.fineTuneLayers) : [];
  const fineTunedWeights = new Set(fineTuneLayers.flatMap((name) => classifier.model.getLayer(name).trainableWeights));
  const { manifest } = backbone;
  return {
    model: classifier.model,
    preprocessing: backbone.preprocessing,
    fineTuned: classifier.model.trainableWeights.map((weight) => fineTunedWeights.has(weight)),
    description: {
      dir: backbone.dir,
      ...(manifest ? { name: manifest.name, version: manifest.version, source: manifest.source ?? 'trained' } : { source: 'teachable-machine' }),
      cutLayer: cut.cutLayer,
      featureShape: cut.featureShape,
      frozenLayers: classifier.backboneLayers.length - fineTuneLayers.length,
      fineTuneLayers,
      headLayers: classifier.headLayers,
    },
  };
}
