import * as tf from '@tensorflow/tfjs-core';

/**
 * What a unit is for a rank-0/1 tensor (a bias, a gain): `whole` treats the vector as one unit, as
 * the NFNets reference (`unitwise_norm`: "scalars and vectors", `axis=None`) and timm do; `element`
 * makes every element its own unit.
 */
export type VectorUnits = 'whole' | 'element';

/**
 * L2 norm of each unit of a parameter or gradient in tfjs' layouts, shaped to broadcast against it:
 * - rank 0/1 (biases): `[]` for `whole`, or `|x|` `[n]` for `element`;
 * - rank 2 dense kernel `[in, out]` (and rank 3): norm over axis 0 → `[1, out]`;
 * - rank 4 conv kernel `[kh, kw, in, out]`: norm over axes 0, 1, 2 → `[1, 1, 1, out]`.
 * Other ranks throw. Returns a new tensor; call inside `tf.tidy` or dispose it.
 */
export function unitwiseNorm(x: tf.Tensor, vectorUnits: VectorUnits = 'whole'): tf.Tensor {
  return tf.tidy(() => {
    switch (x.rank) {
      case 0:
        return tf.abs(x);
      case 1:
        return vectorUnits === 'element' ? tf.abs(x) : tf.sqrt(tf.sum(tf.square(x)));
      case 2:
      case 3:
        return tf.sqrt(tf.sum(tf.square(x), 0, true));
      case 4:
        return tf.sqrt(tf.sum(tf.square(x), [0, 1, 2], true));
      default:
        throw new RangeError(`unitwiseNorm: parameters of rank ${x.rank} are not supported (shape [${x.shape.join(', ')}]); expected rank 0 to 4`);
    }
  });
}
