import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

let ready: Promise<void> | undefined;

/** Activates tfjs' cpu backend once per isolate (the pure-JS backend runs in workerd as is). */
export function ensureBackend(): Promise<void> {
  // workerd exposes enough of `process` for tfjs to believe it runs in Node, which only makes the
  // cpu backend print its "install tfjs-node" banner on first use; this is not Node.
  tf.env().set('IS_NODE', false);
  ready ??= tf.setBackend('cpu').then(async (ok) => {
    if (!ok) throw new Error('tfjs cpu backend failed to initialize');
    await tf.ready();
  });
  return ready;
}
