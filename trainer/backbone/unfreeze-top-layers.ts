import type * as tfl from '@tensorflow/tfjs-layers';
import { BackboneError } from './backbone-error';

/**
 * Unfreezes the top `count` backbone layers that have weights (a nested model counts as one
 * layer), leaving the rest frozen, and returns their names, top first. Layers without weights
 * (activations, pooling) are not counted: unfreezing one would change nothing. They keep
 * running in inference mode (batch norm on its moving statistics), as Keras' fine-tuning does.
 */
export function unfreezeTopLayers(model: tfl.LayersModel, backboneLayers: readonly string[], count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new BackboneError(`--fine-tune-layers: expected a whole number ≥ 1, got ${count}`);
  const weighted = backboneLayers.map((name) => model.getLayer(name)).filter((layer) => layer.weights.length > 0);
  if (count > weighted.length) {
    throw new BackboneError(`--fine-tune-layers ${count}: the backbone has only ${weighted.length} layers with weights below the cut`);
  }
  const unfrozen = weighted.slice(-count).reverse();
  for (const layer of unfrozen) layer.trainable = true;
  return unfrozen.map((layer) => layer.name);
}
