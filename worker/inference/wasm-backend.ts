// tfjs' wasm backend, instantiated from the .wasm that wrangler compiles at build time.
//
// Workers refuse to compile wasm from bytes at run time, and tfjs-backend-wasm 4.22.0 has no hook
// for a precompiled module (tensorflow/tfjs#8157): its `init()` (dist/backend_wasm.js:230-317)
// builds the emscripten config privately and only sets `instantiateWasm` for `setWasmPaths(…, true)`,
// which fetches the bytes and calls `WebAssembly.instantiate(bytes)` (backend_wasm.js:179-196).
// So this module runs the package's own emscripten factory with an `instantiateWasm` that uses
// the imported `WebAssembly.Module`, wraps the result in the package's `BackendWasm`, and
// registers that under the name 'wasm', the name the package's kernels are registered for.
// The package entry (dist/index.js → base.js) is not imported: it would register its own fetching
// 'wasm' factory at priority 2, which any early `tf.backend()` call would try (and fail) first.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm/dist/register_all_kernels.js';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js';
import type { BackendWasmModule } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm';
// The non-threaded factory loads the plain and the SIMD binary alike (backend_wasm.js:286-288).
import createWasmFactoryModule from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js';
// V8 (so workerd) has wasm SIMD; threads would need Web Workers, which workerd does not have.
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';

/** The backend name tfjs-backend-wasm registers its kernels under. */
export const WASM_BACKEND = 'wasm';

// Same priority as the package's own registration (dist/base.js), above cpu's 1.
const WASM_PRIORITY = 2;

/** emscripten's `cwrap`, the one glue API used here (the package types it via @types/emscripten). */
type Cwrap = (ident: string, returnType: 'number' | null, argTypes: 'number'[]) => (...args: number[]) => number;

function hasCwrap(module: BackendWasmModule): module is BackendWasmModule & { cwrap: Cwrap } {
  return 'cwrap' in module && typeof module.cwrap === 'function';
}

type ReceiveInstance = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

/**
 * Runs `start` with `globalThis.process` hidden. workerd provides `process.versions.node`, which
 * makes the emscripten glue take its Node.js path (`require('fs')`, `__dirname`, `process.on`), and
 * a deployed worker has no `__dirname`: `ReferenceError: __dirname is not defined`. The glue checks
 * the environment synchronously when the factory is called, so hiding `process` for that call
 * only is enough; it is restored before anything else runs.
 */
function withoutNodeProcess<T>(start: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process');
  if (descriptor === undefined) return start();
  if (descriptor.configurable !== true) throw new Error('globalThis.process is not configurable; cannot hide it from emscripten');
  Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
  try {
    return start();
  } finally {
    Object.defineProperty(globalThis, 'process', descriptor);
  }
}

/** Runs the emscripten glue against `compiled` and adds the `tfjs` bindings `BackendWasm` calls. */
async function instantiateBackendModule(compiled: WebAssembly.Module): Promise<BackendWasmModule> {
  let failInstantiate: (reason: unknown) => void = () => undefined;
  const instantiateFailed = new Promise<never>((_, reject) => {
    failInstantiate = reject;
  });
  const ready = withoutNodeProcess(() => createWasmFactoryModule({
    instantiateWasm(imports: WebAssembly.Imports, receiveInstance: ReceiveInstance) {
      WebAssembly.instantiate(compiled, imports).then((instance) => receiveInstance(instance, compiled), failInstantiate);
      // Emscripten's contract for an asynchronous instantiateWasm: empty exports now, the
      // instance later through receiveInstance.
      return {};
    },
    onAbort: (message: string) => failInstantiate(new Error(`tfjs wasm module aborted: ${message}`)),
  }));
  const module = await Promise.race([ready, instantiateFailed]);
  if (!hasCwrap(module)) throw new Error('tfjs wasm module has no cwrap; the emscripten glue is not the expected 4.22.0 build');
  // Copied from tfjs-backend-wasm 4.22.0 init() (dist/backend_wasm.js:301-312).
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}

/**
 * Registers the 'wasm' backend, instantiated from the bundled SIMD module (once per isolate; later
 * calls are no-ops). `tf.setBackend(WASM_BACKEND)` then activates it, resolving `false` (and
 * logging tfjs' warning) if instantiation fails.
 */
export function registerBundledWasmBackend(): void {
  if (tf.findBackendFactory(WASM_BACKEND) !== null) return;
  tf.registerBackend(WASM_BACKEND, async () => new BackendWasm(await instantiateBackendModule(simdWasm)), WASM_PRIORITY);
}
