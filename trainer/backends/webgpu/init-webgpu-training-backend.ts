/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs-core';
import type { WebgpuAdapterReport } from './describe-adapter';
import { formatAdapter } from './describe-adapter';
import type { FoundAdapter } from './open-webgpu-device';
import { requestTrainingDevice } from './open-webgpu-device';

/** A GPU error Dawn reported (validation, out of memory, device lost): the run's numbers cannot be trusted. */
export class WebgpuDeviceError extends Error {
  override name = 'WebgpuDeviceError';
}

/** The active webgpu backend: its adapter, a health check, and the teardown Node needs to exit. */
export interface WebgpuSession {
  adapter: WebgpuAdapterReport;
  device: GPUDevice;
  /**
   * Throws `WebgpuDeviceError` with the first error the device reported. A failed shader does not
   * throw where it runs: it leaves NaN or zeros behind, so the loop calls this after each readback.
   */
  assertHealthy(): void;
  /** `tf.removeBackend('webgpu')` and `device.destroy()` (Node does not exit before both). Idempotent. */
  release(): void;
}

let active: WebgpuSession | undefined;

/** The session `initWebgpuTrainingBackend` opened, if one is open. */
export function activeWebgpuSession(): WebgpuSession | undefined {
  return active;
}

/** Node ≥ 21 has a read-only `navigator` getter on globalThis; tfjs looks for `navigator.gpu`. */
function installNavigatorGpu(gpu: GPU): void {
  const navigatorObject = (globalThis as { navigator?: object }).navigator;
  if (navigatorObject === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(navigatorObject, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}

/** Dawn's GPUBufferUsage, GPUMapMode, … as globals (tfjs' WebGPU backend reads them so); existing ones kept. */
function installGlobals(globals: object): void {
  for (const [name, value] of Object.entries(globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
}

/**
 * Makes tfjs' WebGPU backend, on the adapter `found`, the active tfjs backend: a device with the
 * limits tfjs' shaders need, an `uncapturederror` handler that records (and prints) the first GPU
 * error, and synchronous reads turned into a clear error (Dawn has no blocking buffer map in
 * Node, so `dataSync()` cannot work there; the training loop reads asynchronously).
 */
export async function initWebgpuTrainingBackend(found: FoundAdapter): Promise<WebgpuSession> {
  if (active) {
    if (tf.getBackend() !== 'webgpu') await tf.setBackend('webgpu');
    return active;
  }
  // Imported before navigator.gpu exists, so the package does not register its own factory
  // (which would request a device without the limits).
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  installGlobals(found.globals);
  installNavigatorGpu(found.gpu);
  const device = await requestTrainingDevice(found.adapter);
  let firstError: string | undefined;
  const record = (message: string): void => {
    if (firstError !== undefined) return;
    firstError = message;
    process.stderr.write(`webgpu: GPU error on ${formatAdapter(found.report)}: ${message}\n`);
  };
  device.addEventListener('uncapturederror', (event) => record(`${(event as GPUUncapturedErrorEvent).error.constructor.name}: ${(event as GPUUncapturedErrorEvent).error.message}`));
  let released = false;
  void device.lost.then((info) => {
    if (!released) record(`device lost (${info.reason}): ${info.message}`);
  });
  const backend = new WebGPUBackend(device, found.adapter.info);
  // Values already read (or never uploaded) are cached on the CPU and readSync returns them;
  // anything else would need OffscreenCanvas, which Node lacks.
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId) => {
    try {
      return readSync(dataId);
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      throw new Error('webgpu: a synchronous read (dataSync/arraySync) of a GPU tensor is not possible in Node (Dawn has no blocking map); read it with await tensor.data()', { cause: error });
    }
  };
  tf.registerBackend('webgpu', () => backend, 0);
  if (!(await tf.setBackend('webgpu'))) throw new Error(`tf.setBackend('webgpu') failed on ${formatAdapter(found.report)}`);
  await tf.ready();
  const session: WebgpuSession = {
    adapter: found.report,
    device,
    assertHealthy() {
      if (firstError !== undefined) throw new WebgpuDeviceError(`webgpu: ${firstError} (adapter ${formatAdapter(found.report)})`);
    },
    release() {
      if (released) return;
      released = true;
      active = undefined;
      if (tf.findBackend('webgpu')) tf.removeBackend('webgpu');
      device.destroy();
    },
  };
  active = session;
  return session;
}
