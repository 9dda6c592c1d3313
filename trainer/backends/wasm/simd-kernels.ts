import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assembleWat } from './assemble-wat';
import { CONV2D_WAT } from './simd-conv2d-wat';
import { ELEMENTWISE_WAT } from './simd-elementwise-wat';
import { PRODUCTS_WAT } from './simd-products-wat';

/**
 * The wasm SIMD training kernels, written in WAT (`ELEMENTWISE_WAT`, `PRODUCTS_WAT`, `CONV2D_WAT`)
 * and run on the wasm backend's own memory: pointers are byte offsets of tensors there (`heapOffset`),
 * counts are elements. Loops are do-while, so counts must be non-zero; a float32 vector is 4
 * lanes (16 bytes), so channel counts are multiples of 4, or of 16 where a kernel keeps 16
 * channels in registers. See the WAT for each function's contract; callers check shapes first.
 */
export interface SimdKernels {
  maxPoolGrad2x2(x: number, dy: number, dx: number, batch: number, inHeight: number, inWidth: number,
    outHeight: number, outWidth: number, channels: number): void;
  sumRows(x: number, out: number, partial: number, rows: number, columns: number): void;
  addRowVector(a: number, bias: number, out: number, rows: number, columns: number): void;
  step(x: number, out: number, count: number, alpha: number): void;
  multiply(a: number, b: number, out: number, count: number): void;
  convFilterGradient(x: number, dy: number, dw: number, batch: number,
    inHeight: number, inWidth: number, inChannels: number, outHeight: number, outWidth: number,
    outChannels: number, filterHeight: number, filterWidth: number): void;
  adamUpdate(param: number, m: number, v: number, grad: number, nextParam: number, nextM: number, nextV: number,
    count: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    stepSize: number, epsilonHat: number): void;
  matMul(a: number, b: number, out: number, rows: number, depth: number, columns: number,
    aRowStride: number, aColumnStride: number): void;
  conv2d(x: number, w: number, out: number, batch: number, inHeight: number, inWidth: number, inChannels: number,
    outHeight: number, outWidth: number, outChannels: number, filterHeight: number, filterWidth: number): void;
  conv2dClipped(x: number, w: number, out: number, batch: number, inHeight: number, inWidth: number, inChannels: number,
    outHeight: number, outWidth: number, outChannels: number, filterHeight: number, filterWidth: number,
    padTop: number, padLeft: number, realHeight: number, realWidth: number): void;
}

const KERNEL_NAMES = [
  'maxPoolGrad2x2', 'sumRows', 'addRowVector', 'step', 'multiply', 'convFilterGradient', 'adamUpdate', 'matMul',
  'conv2d', 'conv2dClipped',
] as const;

/** Per-process caches: the module is compiled once, and instantiated once per wasm backend. */
let compiledModule: WebAssembly.Module | undefined;
const instancesByBackend = new WeakMap<BackendWasm, SimdKernels>();

/** The emscripten module's exports hold its memory; `BackendWasmModule`'s type does not declare them. */
function backendMemory(backend: BackendWasm): WebAssembly.Memory {
  const exports = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm;
  const memory = exports?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error('the wasm backend exposes no WebAssembly.Memory as wasm.asm.memory (tfjs-backend-wasm 4.22.0 does)');
  }
  return memory;
}

/** The SIMD kernels bound to `backend`'s memory (instantiated on first use). */
export function simdKernelsOf(backend: BackendWasm): SimdKernels {
  const cached = instancesByBackend.get(backend);
  if (cached !== undefined) return cached;
  compiledModule ??= new WebAssembly.Module(assembleWat(`(module (import "env" "memory" (memory 1)) ${ELEMENTWISE_WAT} ${PRODUCTS_WAT} ${CONV2D_WAT})`));
  const instance = new WebAssembly.Instance(compiledModule, { env: { memory: backendMemory(backend) } });
  for (const name of KERNEL_NAMES) {
    if (typeof instance.exports[name] !== 'function') throw new Error(`SIMD kernel module lacks export '${name}'`);
  }
  // Checked above: every name of SimdKernels is an exported function with that signature.
  const kernels = instance.exports as unknown as SimdKernels;
  instancesByBackend.set(backend, kernels);
  return kernels;
}
