import type { NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Narrows the `backend` a kernel receives to the wasm backend, whose internals
 * (`makeOutput`, `typedArrayFromHeap`, `disposeData`) the training kernels use.
 * These are not public API; versions are pinned exactly (4.22.0).
 */
export function wasmBackendOf(backend: unknown): BackendWasm {
  if (!(backend instanceof BackendWasm)) {
    const actual = backend === null || typeof backend !== 'object' ? String(backend) : backend.constructor.name;
    throw new Error(`expected the tfjs wasm backend (BackendWasm), got ${actual}`);
  }
  return backend;
}

/**
 * A Float32Array over the tensor's bytes in wasm memory.
 *
 * Take views only after the kernel's last allocation: `makeOutput` may grow
 * wasm memory, which detaches every view made before it.
 */
export function float32HeapView(backend: BackendWasm, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') {
    throw new Error(`expected a float32 tensor, got ${info.dtype} with shape [${info.shape.join(', ')}]`);
  }
  // typedArrayFromHeap returns a Float32Array for float32 tensors.
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Releases intermediate tensors a kernel allocated and does not return. */
export function disposeIntermediates(backend: BackendWasm, intermediates: readonly TensorInfo[]): void {
  for (const info of intermediates) {
    backend.disposeData(info.dataId);
  }
}

/** The named input of a kernel call; throws if the engine did not pass it. */
export function requireInput(inputs: NamedTensorInfoMap, name: string, kernelName: string): TensorInfo {
  const info = inputs[name];
  if (info === undefined) {
    throw new Error(`${kernelName}: missing input '${name}' (got ${Object.keys(inputs).join(', ') || 'none'})`);
  }
  return info;
}

/**
 * Byte offset of the tensor's data in wasm memory, for the SIMD kernels. Unlike heap views, offsets
 * stay valid when memory grows.
 */
export function heapOffset(backend: BackendWasm, info: TensorInfo): number {
  if (!backend.dataIdMap.has(info.dataId)) {
    throw new Error(`tensor with shape [${info.shape.join(', ')}] has no data on the wasm backend`);
  }
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}

/**
 * `x`'s data under a new tensor, shared by reference count as the cpu backend and the wasm
 * `Reshape` do: tensors are immutable, so a kernel whose output equals its input need not copy.
 */
export function shareData(backend: BackendWasm, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}
