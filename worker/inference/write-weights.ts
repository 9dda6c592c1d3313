import type { DataId, io, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js';

/** Float32 weights written straight to a backend, by name, and how to free them. */
export interface BackendWeights {
  weights: Record<string, TensorInfo>;
  release(): void;
}

/**
 * A float32 tensor's storage on `backend`, to be filled in place: on the wasm backend the tensor's
 * own bytes in the wasm heap (`write(null)` allocates without copying; the view is filled before
 * the next allocation can grow, and so move, the heap), else a new array the backend keeps.
 */
function float32Storage(backend: KernelBackend, shape: number[], size: number): { dataId: DataId; values: Float32Array } {
  if (backend instanceof BackendWasm) {
    const dataId = backend.write(null, shape, 'float32');
    const values = backend.typedArrayFromHeap({ dataId, shape, dtype: 'float32' });
    if (!(values instanceof Float32Array)) throw new Error('the wasm backend answered a non-float32 view of a float32 tensor');
    return { dataId, values };
  }
  const values = new Float32Array(size);
  return { dataId: backend.write(values, shape, 'float32'), values };
}

/**
 * The artifact's float32 weights written to `backend`, dequantized as tfjs' `io.decodeWeights`
 * does: an affine code becomes `code * scale + min`, computed in double and stored as float32
 * (here through a table of the 256 or 65,536 possible codes: the same values), raw float32
 * copied, each straight into the tensor's storage (the wasm heap: no staging array per weight, so
 * a cold load allocates next to nothing). No tfjs tensors are made (engine bookkeeping per
 * weight), and the table replaces a per-value multiply-add that a cold isolate runs in V8's
 * interpreter: measured 0.8 ms against
 * `decodeWeights`' 5.7 ms for the default model in a fresh Node process. Returns `undefined`
 * for anything else (float16 halves, int32, bool or string weights): the caller then decodes
 * with tfjs.
 */
export function writeWeights(buffers: readonly ArrayBuffer[], specs: readonly io.WeightsManifestEntry[], backend: KernelBackend): BackendWeights | undefined {
  if (specs.some((spec) => spec.dtype !== 'float32' || (spec.quantization !== undefined && spec.quantization.dtype !== 'uint8' && spec.quantization.dtype !== 'uint16'))) return undefined;
  const [first] = buffers;
  let bytes: Uint8Array;
  if (buffers.length === 1 && first !== undefined) bytes = new Uint8Array(first);
  else {
    bytes = new Uint8Array(buffers.reduce((total, buffer) => total + buffer.byteLength, 0));
    buffers.reduce((offset, buffer) => (bytes.set(new Uint8Array(buffer), offset), offset + buffer.byteLength), 0);
  }
  const weights: Record<string, TensorInfo> = {};
  const release = () => {
    for (const { dataId } of Object.values(weights)) backend.disposeData(dataId);
  };
  let offset = 0;
  try {
    for (const spec of specs) {
      const size = spec.shape.reduce((product, dimension) => product * dimension, 1);
      const quantization = spec.quantization;
      let storage: { dataId: DataId; values: Float32Array };
      if (quantization === undefined) {
        if (offset + size * 4 > bytes.length) throw new RangeError(`weight ${spec.name} needs bytes ${offset}..${offset + size * 4}, the weights have ${bytes.length}`);
        storage = float32Storage(backend, spec.shape, size);
        // Bytewise: the offset need not be 4-aligned.
        new Uint8Array(storage.values.buffer, storage.values.byteOffset, size * 4).set(bytes.subarray(offset, offset + size * 4));
        offset += size * 4;
      } else {
        const codeBytes = quantization.dtype === 'uint8' ? 1 : 2; // uint16: the only other code `specs` passed above
        const { scale, min } = quantization;
        if (scale === undefined || min === undefined) throw new RangeError(`weight ${spec.name} is quantized to ${quantization.dtype} without scale and min`);
        if (offset + size * codeBytes > bytes.length) throw new RangeError(`weight ${spec.name} needs bytes ${offset}..${offset + size * codeBytes}, the weights have ${bytes.length}`);
        const codes = codeBytes === 1 ? bytes.subarray(offset, offset + size) : new Uint16Array(bytes.slice(offset, offset + size * 2).buffer);
        const table = new Float32Array(codeBytes === 1 ? 256 : 65536);
        for (let code = 0; code < table.length; code++) table[code] = code * scale + min;
        storage = float32Storage(backend, spec.shape, size);
        const { values } = storage;
        for (let i = 0; i < size; i++) values[i] = table[codes[i] ?? 0] ?? 0;
        offset += size * codeBytes;
      }
      weights[spec.name] = { dataId: storage.dataId, shape: spec.shape, dtype: 'float32' };
    }
  } catch (error) {
    release();
    throw error;
  }
  return { weights, release };
}
