import * as tf from '@tensorflow/tfjs-core';
import type { ServedModel } from './load-served-model';

/**
 * Runs one batch through the model: `images` are preprocessed `[h, w, c]` float32 arrays, all
 * of the model's input size. Returns class probabilities, one array per image, in input order.
 */
export async function predictScores(served: ServedModel, images: readonly Float32Array[]): Promise<Float32Array[]> {
  const { height, width, channels } = served.manifest.input;
  const pixels = height * width * channels;
  const batch = new Float32Array(images.length * pixels); // [batch, h, w, c]
  images.forEach((image, index) => {
    if (image.length !== pixels) throw new RangeError(`image ${index} has ${image.length} values, model needs ${pixels}`);
    batch.set(image, index * pixels);
  });
  const scores = tf.tidy(() => {
    const output = served.model.predict(tf.tensor4d(batch, [images.length, height, width, channels])) as tf.Tensor2D;
    return served.manifest.output === 'logits' ? tf.softmax(output) : output; // [batch, classes]
  });
  const values = await scores.data<'float32'>();
  const classes = scores.shape[1];
  scores.dispose();
  return images.map((_, index) => values.slice(index * classes, (index + 1) * classes));
}
