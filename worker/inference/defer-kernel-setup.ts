import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

/**
 * Kernels of tfjs-backend-wasm 4.22.0 that other kernels call as functions, not through the
 * registry (`import { transpose } from './Transpose'` in dist/kernels/*.js), and that need a
 * setup: their setup cannot wait for a registry call that may never come, so it runs when the
 * backend starts. test/worker/defer-kernel-setup.node.test.ts derives this list from the package.
 */
export const EAGER_SETUP_KERNELS: ReadonlySet<string> = new Set([tf.Transpose, tf.Softmax, tf.PadV2]);

/**
 * Re-registers the kernels of `backendName` that have a `setupFunc` so each one's setup runs on
 * its first call instead of when the backend starts (except `EAGER_SETUP_KERNELS`). tfjs-core's
 * `setBackend` sets up every kernel of the backend (`setupRegisteredKernels`, dist/engine.js):
 * for the wasm backend that is 80 setups, first runs of 80 functions in a cold isolate, where a
 * served model calls about ten kernels. A wasm setup only binds the kernel's wasm export
 * (`backend.wasm.cwrap`, dist/kernels/*.js), so binding it later computes the same. Call before
 * `setBackend(backendName)`, once per isolate.
 */
export function deferKernelSetup(backendName: string): void {
  for (const config of tf.getKernelsForBackend(backendName)) {
    const { kernelName, kernelFunc, setupFunc, disposeFunc } = config;
    if (setupFunc === undefined || EAGER_SETUP_KERNELS.has(kernelName)) continue;
    let setUpFor: object | undefined;
    const deferred: KernelConfig = {
      kernelName,
      backendName,
      kernelFunc(args) {
        // Once per backend instance: a re-created backend is set up again, as setBackend would.
        if (setUpFor !== args.backend) {
          setupFunc(args.backend);
          setUpFor = args.backend;
        }
        return kernelFunc(args);
      },
      ...(disposeFunc === undefined ? {} : { disposeFunc }),
    };
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel(deferred);
  }
}
