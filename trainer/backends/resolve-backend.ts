import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readdirSync } from 'node:fs';
import { UsageError } from '../cli/parse-cli-flags';
import { initWasmTrainingBackend } from './wasm';

import type { BackendChoice } from './backend-choices';

/** The backend a run uses and why it was chosen. */
export interface ResolvedBackend {
  /** The requested name (`wasm`, `cpu`, `tfjs-node`, `tfjs-node-gpu`). */
  name: Exclude<BackendChoice, 'auto'>;
  /** tfjs' own name of the active backend (`tensorflow` for both tfjs-node packages). */
  tfjsBackend: string;
  reason: string;
}

const NATIVE_PACKAGES = {
  'tfjs-node': '@tensorflow/tfjs-node',
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
} as const;

const INSTALL_HINTS = {
  'tfjs-node': 'install it with `npm run setup:cpu-native` (downloads libtensorflow; needs internet)',
  'tfjs-node-gpu':
    'install it with `npm run setup:gpu` (downloads libtensorflow 2.9.1; needs internet, an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1)',
} as const;

/** True when an NVIDIA driver exposes at least one GPU to this machine. */
function nvidiaGpuVisible(): boolean {
  const dir = '/proc/driver/nvidia/gpus';
  return existsSync(dir) && readdirSync(dir).length > 0;
}

/** Imports an optional native backend package; undefined when it is not installed or fails to load. */
async function importNative(name: keyof typeof NATIVE_PACKAGES): Promise<Error | undefined> {
  const specifier: string = NATIVE_PACKAGES[name]; // a variable, so bundlers and tsc don't require it
  try {
    await import(specifier);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

async function activate(tfjsBackend: string): Promise<void> {
  if (!(await tf.setBackend(tfjsBackend))) throw new Error(`tfjs backend "${tfjsBackend}" failed to initialize`);
  await tf.ready();
}

/**
 * Activates the requested backend and says which one is active and why.
 * `auto`: tfjs-node-gpu if importable and a GPU is visible, else tfjs-node if importable, else
 * wasm (with this project's training kernels), else cpu. Asking for a native backend that is not
 * installed is a `UsageError` saying how to install it.
 */
export async function resolveBackend(requested: BackendChoice): Promise<ResolvedBackend> {
  if (requested === 'tfjs-node' || requested === 'tfjs-node-gpu') {
    const failure = await importNative(requested);
    if (failure) throw new UsageError(`--backend ${requested}: ${NATIVE_PACKAGES[requested]} is not installed; ${INSTALL_HINTS[requested]}`);
    await activate('tensorflow');
    return { name: requested, tfjsBackend: 'tensorflow', reason: 'requested' };
  }
  if (requested === 'cpu') {
    await activate('cpu');
    return { name: 'cpu', tfjsBackend: 'cpu', reason: 'requested' };
  }
  if (requested === 'wasm') {
    await initWasmTrainingBackend();
    return { name: 'wasm', tfjsBackend: 'wasm', reason: 'requested' };
  }

  const notes: string[] = [];
  if (nvidiaGpuVisible()) {
    const failure = await importNative('tfjs-node-gpu');
    if (failure === undefined) {
      await activate('tensorflow');
      return { name: 'tfjs-node-gpu', tfjsBackend: 'tensorflow', reason: 'auto: tfjs-node-gpu is installed and an NVIDIA GPU is visible' };
    }
    notes.push('a GPU is visible but tfjs-node-gpu is not installed');
  } else {
    notes.push('no GPU visible');
  }
  if ((await importNative('tfjs-node')) === undefined) {
    await activate('tensorflow');
    return { name: 'tfjs-node', tfjsBackend: 'tensorflow', reason: `auto: ${notes.join(', ')}; tfjs-node is installed` };
  }
  notes.push('tfjs-node not installed');
  try {
    await initWasmTrainingBackend();
    return { name: 'wasm', tfjsBackend: 'wasm', reason: `auto: ${notes.join(', ')}; wasm with edgefuse training kernels` };
  } catch (error) {
    notes.push(`wasm failed to start (${(error as Error).message})`);
  }
  await activate('cpu');
  return { name: 'cpu', tfjsBackend: 'cpu', reason: `auto: ${notes.join(', ')}; pure-JS cpu (slow)` };
}
