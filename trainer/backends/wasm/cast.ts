import { Cast } from '@tensorflow/tfjs-core';
import type { CastAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { StockWasmKernels } from './stock-wasm-kernels';
import { requireInput, shareData, wasmBackendOf } from './wasm-internals';

/**
 * `Cast` for the wasm backend: a cast to the tensor's own dtype shares its data instead of copying
 * it (the ReLU gradient casts its float32 mask to float32); real conversions run the stock kernel.
 */
export function createCastKernel(stock: StockWasmKernels): KernelConfig {
  function cast(args: Parameters<KernelFunc>[0]): TensorInfo {
    const backend = wasmBackendOf(args.backend);
    const x = requireInput(args.inputs, 'x', Cast);
    const { dtype } = (args.attrs ?? {}) as unknown as CastAttrs;
    return dtype === x.dtype && dtype !== 'string' ? shareData(backend, x) : stock.cast.run(args.inputs, args.attrs ?? {}, backend);
  }
  return { kernelName: Cast, backendName: 'wasm', kernelFunc: cast, setupFunc: stock.cast.setupFunc };
}
