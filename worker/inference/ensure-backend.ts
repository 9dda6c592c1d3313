import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { deferKernelSetup } from './defer-kernel-setup';
import { WASM_BACKEND, registerBundledWasmBackend } from './wasm-backend';

let ready: Promise<void> | undefined;

/**
 * Activates tfjs' fastest working backend once per isolate: the wasm backend (SIMD build, measured
 * several times faster than cpu in workerd, see test/worker/inference-backend.test.ts), or the
 * pure-JS cpu backend if the wasm module fails to instantiate.
 */
export function ensureBackend(): Promise<void> {
  // workerd exposes enough of `process` for tfjs to believe it runs in Node, which only makes the
  // cpu backend print its "install tfjs-node" banner on first use; this is not Node.
  tf.env().set('IS_NODE', false);
  ready ??= activateBackend();
  return ready;
}

async function activateBackend(): Promise<void> {
  registerBundledWasmBackend();
  deferKernelSetup(WASM_BACKEND);
  // A failed init resolves false after tfjs has logged why; cpu needs nothing to instantiate.
  if (!(await tf.setBackend(WASM_BACKEND))) {
    console.warn('tfjs wasm backend failed to initialize; inference falls back to the cpu backend');
    if (!(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend failed to initialize');
  }
  await tf.ready();
}
