import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelSetupFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Calls a wasm kernel function directly, bypassing the engine (no tape, no tracking). */
export type WasmKernelRunner = (inputs: NamedTensorInfoMap, attrs: NamedAttrMap, backend: BackendWasm) => TensorInfo;

/** A stock tfjs-backend-wasm kernel, captured before any override replaces it. */
export interface StockWasmKernel {
  readonly run: WasmKernelRunner;
  /** Must stay registered: it binds the kernel's wasm export when the backend initializes. */
  readonly setupFunc: KernelSetupFunc | undefined;
}

/** The stock kernels the training kernels delegate to or fall back on. */
export interface StockWasmKernels {
  readonly conv2d: StockWasmKernel;
  readonly depthwiseConv2d: StockWasmKernel;
  readonly transpose: StockWasmKernel;
  readonly batchMatMul: StockWasmKernel;
  readonly conv2dBackpropInput: StockWasmKernel;
  readonly maxPoolGrad: StockWasmKernel;
  readonly identity: StockWasmKernel;
  readonly cast: StockWasmKernel;
  readonly add: StockWasmKernel;
  readonly sum: StockWasmKernel;
  readonly step: StockWasmKernel;
  readonly multiply: StockWasmKernel;
}

function captureStockWasmKernel(kernelName: string): StockWasmKernel {
  // getKernel's declared return type hides that it yields undefined when absent.
  const config = getKernel(kernelName, 'wasm') as ReturnType<typeof getKernel> | undefined;
  if (config === undefined) {
    throw new Error(`kernel '${kernelName}' is not registered for backend 'wasm'; import '@tensorflow/tfjs-backend-wasm' first`);
  }
  const { kernelFunc, setupFunc } = config;
  return {
    run: (inputs, attrs, backend) => {
      const out = kernelFunc({ inputs, attrs, backend });
      if (Array.isArray(out)) {
        throw new Error(`kernel '${kernelName}' returned ${out.length} outputs, expected one`);
      }
      return out;
    },
    setupFunc,
  };
}

/**
 * Reads the currently registered wasm kernels the training kernels build on.
 * Call it before registering any override, so `batchMatMul` etc. are the stock ones.
 */
export function captureStockWasmKernels(): StockWasmKernels {
  return {
    conv2d: captureStockWasmKernel('Conv2D'),
    depthwiseConv2d: captureStockWasmKernel('DepthwiseConv2dNative'),
    transpose: captureStockWasmKernel('Transpose'),
    batchMatMul: captureStockWasmKernel('BatchMatMul'),
    conv2dBackpropInput: captureStockWasmKernel('Conv2DBackpropInput'),
    maxPoolGrad: captureStockWasmKernel('MaxPoolGrad'),
    identity: captureStockWasmKernel('Identity'),
    cast: captureStockWasmKernel('Cast'),
    add: captureStockWasmKernel('Add'),
    sum: captureStockWasmKernel('Sum'),
    step: captureStockWasmKernel('Step'),
    multiply: captureStockWasmKernel('Multiply'),
  };
}
