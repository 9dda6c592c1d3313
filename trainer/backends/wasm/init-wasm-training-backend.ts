import { createRequire } from 'node:module';
import path from 'node:path';
import { env, getBackend, ready, setBackend } from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';

/** Directory of the .wasm binaries shipped in the installed tfjs-backend-wasm package. */
function wasmBinaryDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return `${path.join(path.dirname(packageJson), 'dist')}${path.sep}`;
}

/**
 * Makes the single-threaded SIMD wasm backend the active tfjs backend, with
 * the training kernels registered and the .wasm binaries loaded from the
 * installed `@tensorflow/tfjs-backend-wasm` package. Idempotent; throws if
 * the runtime lacks wasm SIMD or the backend fails to initialize.
 *
 * Gradients themselves come from tfjs-core's gradient registry, which
 * `@tensorflow/tfjs-layers` fills on import.
 *
 * @example
 * await initWasmTrainingBackend();
 * const { value, grads } = tf.variableGrads(() => loss(model, batch));
 */
export async function initWasmTrainingBackend(): Promise<void> {
  registerWasmTrainingKernels();
  if (getBackend() === 'wasm') {
    return;
  }
  // Threads in Node are unsupported by tfjs-backend-wasm 4.22 (its detection already says no).
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const hasSimd = await env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (hasSimd !== true) {
    throw new Error(`wasm SIMD is required for the training backend, but WASM_HAS_SIMD_SUPPORT is ${String(hasSimd)} on Node ${process.version}`);
  }
  // A bundle without node_modules (bench/gpu) ships the .wasm files and names their directory.
  setWasmPaths(process.env.EDGEFUSE_WASM_DIR ? `${path.resolve(process.env.EDGEFUSE_WASM_DIR)}${path.sep}` : wasmBinaryDirectory());
  const switched = await setBackend('wasm');
  if (!switched) {
    throw new Error(`tf.setBackend('wasm') failed; the active backend is ${getBackend()}`);
  }
  await ready();
}
