import { getKernel, registerKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { simdKernelsOf } from '../backends/wasm/simd-kernels';
import { float32HeapView, heapOffset, requireInput, wasmBackendOf } from '../backends/wasm/wasm-internals';
import { adamUpdateElements } from './adam-update-elements';
import type { AdamUpdateAttrs } from './adam-update-elements';

/**
 * Name of the fused Adam kernel: inputs `param`, `m`, `v`, `grad` (float32, one shape), attrs
 * `AdamUpdateAttrs`, outputs the next `[param, m, v]`. Registered for the cpu and wasm backends;
 * others (tfjs-node) lack it, and `createAdam` runs tf ops there instead.
 */
export const ADAM_UPDATE_KERNEL = 'EdgefuseAdamUpdate';

const INPUT_NAMES = ['param', 'm', 'v', 'grad'] as const;

function checkedInputs(inputs: Parameters<KernelFunc>[0]['inputs']): TensorInfo[] {
  const infos = INPUT_NAMES.map((name) => requireInput(inputs, name, ADAM_UPDATE_KERNEL));
  const [param] = infos as [TensorInfo];
  for (const [index, info] of infos.entries()) {
    if (info.dtype !== 'float32' || info.shape.join(',') !== param.shape.join(',')) {
      throw new Error(`${ADAM_UPDATE_KERNEL}: '${INPUT_NAMES[index]}' is ${info.dtype} [${info.shape.join(', ')}], expected float32 [${param.shape.join(', ')}]`);
    }
  }
  return infos;
}

function cpuAdamUpdate(args: Parameters<KernelFunc>[0]): TensorInfo[] {
  const backend = args.backend;
  if (!(backend instanceof MathBackendCPU)) throw new Error(`${ADAM_UPDATE_KERNEL}: expected the cpu backend`);
  const infos = checkedInputs(args.inputs);
  // float32 tensors hold Float32Arrays on the cpu backend.
  const [param, m, v, grad] = infos.map((info) => backend.data.get(info.dataId).values as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const next = [new Float32Array(param.length), new Float32Array(param.length), new Float32Array(param.length)] as const;
  adamUpdateElements(param, m, v, grad, args.attrs as unknown as AdamUpdateAttrs, ...next);
  const shape = [...(infos[0] as TensorInfo).shape];
  return next.map((values) => backend.makeTensorInfo(shape, 'float32', values));
}

/** On wasm, whole vectors of 4 go through the SIMD kernel (0.38 → ≈0.1 ms per step of the reference CNN), the rest through JS. */
function wasmAdamUpdate(args: Parameters<KernelFunc>[0]): TensorInfo[] {
  const backend = wasmBackendOf(args.backend);
  const infos = checkedInputs(args.inputs);
  const attrs = args.attrs as unknown as AdamUpdateAttrs;
  const shape = [...(infos[0] as TensorInfo).shape];
  const outputs = [0, 1, 2].map(() => backend.makeOutput(shape, 'float32')); // next param, m, v
  const all = [...infos, ...outputs];
  const size = float32HeapView(backend, infos[0] as TensorInfo).length;
  const vectorized = size - (size % 4);
  if (vectorized > 0) {
    const [param, m, v, grad, nextParam, nextM, nextV] = all.map((info) => heapOffset(backend, info)) as
      [number, number, number, number, number, number, number];
    simdKernelsOf(backend).adamUpdate(param, m, v, grad, nextParam, nextM, nextV, vectorized,
      attrs.beta1, 1 - attrs.beta1, attrs.beta2, 1 - attrs.beta2, attrs.stepSize, attrs.epsilonHat);
  }
  if (vectorized < size) {
    // Views after the last allocation: growing wasm memory detaches earlier ones.
    const [param, m, v, grad, nextParam, nextM, nextV] = all.map((info) => float32HeapView(backend, info).subarray(vectorized)) as
      [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    adamUpdateElements(param, m, v, grad, attrs, nextParam, nextM, nextV);
  }
  return outputs;
}

const KERNELS: readonly KernelConfig[] = [
  { kernelName: ADAM_UPDATE_KERNEL, backendName: 'cpu', kernelFunc: cpuAdamUpdate },
  { kernelName: ADAM_UPDATE_KERNEL, backendName: 'wasm', kernelFunc: wasmAdamUpdate },
];

/** Registers `ADAM_UPDATE_KERNEL` for the cpu and wasm backends; idempotent. */
export function registerAdamUpdateKernels(): void {
  for (const config of KERNELS) {
    // getKernel's declared type hides that it yields undefined when absent.
    if ((getKernel(config.kernelName, config.backendName) as KernelConfig | undefined) === undefined) registerKernel(config);
  }
}
