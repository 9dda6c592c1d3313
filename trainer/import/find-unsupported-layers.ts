import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { listTopologyLayers } from './list-topology-layers';
import type { TopologyLayer } from './list-topology-layers';

/**
 * Keras layer classes that hold Python code (`Lambda`, and `TFOpLambda`, which Keras writes for
 * every raw `tf.*` call in a functional model): no JavaScript runtime can rebuild them.
 */
const PYTHON_ONLY = new Set(['Lambda', 'TFOpLambda', 'SlicingOpLambda']);

/**
 * The layers of `topology` that tfjs-layers cannot build, so neither the trainer nor the worker
 * (which runs the same tfjs-layers) can run them: classes that are not registered with tfjs'
 * serialization (custom layers, Keras layers tfjs lacks) and Python-only layers.
 *
 * @example
 * findUnsupportedLayers(topology); // [{ name: 'lambda', className: 'Lambda', path: [] }]
 */
export function findUnsupportedLayers(topology: Record<string, unknown>): TopologyLayer[] {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap;
  return listTopologyLayers(topology).filter((layer) => PYTHON_ONLY.has(layer.className) || !(layer.className in registered));
}

/** One line naming the unsupported layers, for `ImportError`. */
export function describeUnsupportedLayers(layers: readonly TopologyLayer[]): string {
  const shown = layers.slice(0, 5).map((layer) => `"${[...layer.path, layer.name].join('/')}" (${layer.className})`);
  const more = layers.length > 5 ? ` and ${layers.length - 5} more` : '';
  const python = layers.some((layer) => PYTHON_ONLY.has(layer.className))
    ? '; Lambda layers hold Python code: rebuild them with built-in Keras layers'
    : '; rebuild the model with built-in Keras layers';
  return `${layers.length === 1 ? 'a layer' : `${layers.length} layers`} that tfjs-layers (and so the worker) cannot run: ${shown.join(', ')}${more}${python}`;
}
