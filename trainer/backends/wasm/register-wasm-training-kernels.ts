import '@tensorflow/tfjs-backend-wasm';
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { createAddKernel } from './add';
import { createBatchMatMulKernel } from './batch-mat-mul';
import { createCastKernel } from './cast';
import { createConv2DBackpropFilterKernel } from './conv2d-backprop-filter';
import { createConv2DKernel } from './conv2d';
import { createConv2DBackpropInputKernel } from './conv2d-backprop-input';
import { createDepthwiseConv2dBackpropFilterKernel } from './depthwise-conv2d-backprop-filter';
import { createDepthwiseConv2dBackpropInputKernel } from './depthwise-conv2d-backprop-input';
import { createIdentityKernel } from './identity';
import { createMaxPoolGradKernel } from './max-pool-grad';
import { createMultiplyKernel } from './multiply';
import { captureStockWasmKernels } from './stock-wasm-kernels';
import type { StockWasmKernels } from './stock-wasm-kernels';
import { createStepKernel } from './step';
import { createSumKernel } from './sum';

/** The wasm kernels `registerWasmTrainingKernels` adds or replaces. */
export const wasmTrainingKernelNames = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'BatchMatMul',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'Identity',
  'Cast',
  'Add',
  'Sum',
  'Conv2D',
  'Step',
  'Multiply',
] as const;

// Symbol.for, so a second copy of this module (e.g. another vitest module graph) sees the same mark.
const trainingKernelMark = Symbol.for('edgefuse.wasmTrainingKernel');

type MarkedKernelConfig = KernelConfig & { [trainingKernelMark]?: true };

function isTrainingKernelRegistered(kernelName: string): boolean {
  // getKernel's declared type hides that it yields undefined when absent.
  const config = getKernel(kernelName, 'wasm') as MarkedKernelConfig | undefined;
  return config?.[trainingKernelMark] === true;
}

function createWasmTrainingKernels(stock: StockWasmKernels): KernelConfig[] {
  return [
    createConv2DBackpropFilterKernel(stock),
    createConv2DBackpropInputKernel(stock),
    createMaxPoolGradKernel(stock),
    createBatchMatMulKernel(stock),
    createDepthwiseConv2dBackpropFilterKernel(),
    createDepthwiseConv2dBackpropInputKernel(stock),
    createIdentityKernel(stock),
    createCastKernel(stock),
    createAddKernel(stock),
    createSumKernel(stock),
    createConv2DKernel(stock),
    createStepKernel(stock),
    createMultiplyKernel(stock),
  ];
}

/**
 * Registers the kernels that make tfjs-backend-wasm 4.22.0 train CNNs, and
 * train them fast: the missing `Conv2DBackpropFilter` and depthwise backprops,
 * plus faster or corrected `Conv2DBackpropInput`, `MaxPoolGrad` and
 * `BatchMatMul`, copy-free `Identity` and same-dtype `Cast`, and SIMD paths for
 * `Conv2D`, bias `Add`, bias-gradient `Sum`, and the ReLU gradient's `Step` and same-shape
 * `Multiply`. Idempotent; state lives in the tfjs kernel registry, and each
 * replaced kernel keeps the stock `setupFunc`.
 *
 * @example
 * registerWasmTrainingKernels();
 * await tf.setBackend('wasm');
 */
export function registerWasmTrainingKernels(): void {
  if (wasmTrainingKernelNames.every(isTrainingKernelRegistered)) {
    return;
  }
  // Captured before any override, so the overrides delegate to stock kernels.
  const stock = captureStockWasmKernels();
  for (const config of createWasmTrainingKernels(stock)) {
    if (isTrainingKernelRegistered(config.kernelName)) {
      continue;
    }
    // getKernel's declared type hides that it yields undefined when absent.
    if ((getKernel(config.kernelName, 'wasm') as KernelConfig | undefined) !== undefined) {
      unregisterKernel(config.kernelName, 'wasm');
    }
    const marked: MarkedKernelConfig = { ...config, [trainingKernelMark]: true };
    registerKernel(marked);
  }
}
