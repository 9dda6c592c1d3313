import type * as tfl from '@tensorflow/tfjs-layers';

/** A layer of a tfjs graph. */
export type GraphLayer = tfl.SymbolicTensor['sourceLayer'];

/** Where a tensor is made in a model's graph: a layer and which of its calls (a shared or nested layer has several). */
export interface GraphPosition {
  layer: GraphLayer;
  nodeIndex: number;
}

/** Where `tensor` (a model's input, output or a layer's output) is made. */
export function positionOf(tensor: tfl.SymbolicTensor): GraphPosition {
  return { layer: tensor.sourceLayer, nodeIndex: tensor.nodeIndex };
}

/**
 * The one layer call feeding `position`, or undefined at an input or a merge. Follows the
 * call's own node, not the layer's first one: a nested model's first node is inside itself.
 */
export function previousPosition(position: GraphPosition): GraphPosition | undefined {
  const node = position.layer.inboundNodes[position.nodeIndex];
  const [layer, ...others] = node?.inboundLayers ?? [];
  if (node === undefined || layer === undefined || others.length > 0) return undefined;
  return { layer, nodeIndex: node.nodeIndices[0] ?? 0 };
}
