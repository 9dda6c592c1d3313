import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readdirSync } from 'node:fs';
import { UsageError } from '../cli/parse-cli-flags';
import { initWasmTrainingBackend } from './wasm';
import { findWebgpuAdapter, formatAdapter, initWebgpuTrainingBackend } from './webgpu';
import type { WebgpuAdapterReport } from './webgpu';

import type { BackendChoice } from './backend-choices';

/** The backend a run uses and why it was chosen. */
export interface ResolvedBackend {
  /** The requested name (`webgpu`, `wasm`, `cpu`, `tfjs-node`, `tfjs-node-gpu`). */
  name: Exclude<BackendChoice, 'auto'>;
  /** tfjs' own name of the active backend (`tensorflow` for both tfjs-node packages). */
  tfjsBackend: string;
  reason: string;
  /** The WebGPU adapter used (webgpu), or the one found and passed over by `auto`; null when none was looked for or found. */
  gpuAdapter: WebgpuAdapterReport | null;
  /** Why no WebGPU adapter is in use, when one was looked for (null on webgpu, or when none was looked for). */
  gpuNote: string | null;
  /** Frees what the backend holds that keeps Node alive (the webgpu device); a no-op elsewhere. */
  release(): void;
}

/** Options of `resolveBackend`. */
export interface ResolveBackendOptions {
  /** Let `auto` look for a hardware WebGPU adapter first (training does; export, eval and predict keep to the CPU). */
  gpu?: boolean;
}

const noRelease = (): void => {};
const cpuSide = { gpuAdapter: null, gpuNote: null, release: noRelease } as const;

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
 * `auto` (with `gpu`): webgpu on a hardware adapter (NVIDIA, AMD, Intel, Apple; never a software
 * one); then tfjs-node-gpu if importable and a GPU is visible, else tfjs-node if importable, else
 * wasm (with this project's training kernels), else cpu. Asking for a native backend that is not
 * installed, or for webgpu where Dawn finds no adapter, is a `UsageError` saying what is missing.
 */
export async function resolveBackend(requested: BackendChoice, options: ResolveBackendOptions = {}): Promise<ResolvedBackend> {
  if (requested === 'webgpu') {
    const search = await findWebgpuAdapter();
    if (!search.found) throw new UsageError(`--backend webgpu: no usable WebGPU adapter: ${search.reason}`);
    const session = await initWebgpuTrainingBackend(search.found);
    const kind = search.found.report.software ? 'a software adapter: correct but slow' : 'requested';
    return { name: 'webgpu', tfjsBackend: 'webgpu', reason: `${kind}; adapter ${formatAdapter(search.found.report)}`, gpuAdapter: search.found.report, gpuNote: null, release: () => session.release() };
  }
  if (requested === 'tfjs-node' || requested === 'tfjs-node-gpu') {
    const failure = await importNative(requested);
    if (failure) throw new UsageError(`--backend ${requested}: ${NATIVE_PACKAGES[requested]} is not installed; ${INSTALL_HINTS[requested]}`);
    await activate('tensorflow');
    return { name: requested, tfjsBackend: 'tensorflow', reason: 'requested', ...cpuSide };
  }
  if (requested === 'cpu') {
    await activate('cpu');
    return { name: 'cpu', tfjsBackend: 'cpu', reason: 'requested', ...cpuSide };
  }
  if (requested === 'wasm') {
    await initWasmTrainingBackend();
    return { name: 'wasm', tfjsBackend: 'wasm', reason: 'requested', ...cpuSide };
  }

  const notes: string[] = [];
  let gpuAdapter: WebgpuAdapterReport | null = null;
  let gpuNote: string | null = null;
  if (options.gpu) {
    const search = await findWebgpuAdapter({ gpuOnly: true });
    if (search.found?.report.hardware) {
      const session = await initWebgpuTrainingBackend(search.found);
      return {
        name: 'webgpu', tfjsBackend: 'webgpu', reason: `auto: hardware WebGPU adapter ${formatAdapter(search.found.report)}`,
        gpuAdapter: search.found.report, gpuNote: null, release: () => session.release(),
      };
    }
    gpuAdapter = search.found?.report ?? null;
    gpuNote = search.found
      ? `the WebGPU adapter is ${search.found.report.software ? 'software' : 'of an unknown vendor'} (${formatAdapter(search.found.report)}); --backend webgpu uses it anyway`
      : search.reason;
    notes.push(search.found ? `WebGPU adapter not a GPU (${search.found.report.device || search.found.report.driver})` : 'no WebGPU adapter');
  }
  const gpuSide = { gpuAdapter, gpuNote, release: noRelease };
  if (nvidiaGpuVisible()) {
    const failure = await importNative('tfjs-node-gpu');
    if (failure === undefined) {
      await activate('tensorflow');
      return { name: 'tfjs-node-gpu', tfjsBackend: 'tensorflow', reason: 'auto: tfjs-node-gpu is installed and an NVIDIA GPU is visible', ...gpuSide };
    }
    notes.push('a GPU is visible but tfjs-node-gpu is not installed');
  } else {
    notes.push('no GPU visible');
  }
  if ((await importNative('tfjs-node')) === undefined) {
    await activate('tensorflow');
    return { name: 'tfjs-node', tfjsBackend: 'tensorflow', reason: `auto: ${notes.join(', ')}; tfjs-node is installed`, ...gpuSide };
  }
  notes.push('tfjs-node not installed');
  try {
    await initWasmTrainingBackend();
    return { name: 'wasm', tfjsBackend: 'wasm', reason: `auto: ${notes.join(', ')}; wasm with edgefuse training kernels`, ...gpuSide };
  } catch (error) {
    notes.push(`wasm failed to start (${(error as Error).message})`);
  }
  await activate('cpu');
  return { name: 'cpu', tfjsBackend: 'cpu', reason: `auto: ${notes.join(', ')}; pure-JS cpu (slow)`, ...gpuSide };
}
