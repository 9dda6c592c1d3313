/// <reference types="@webgpu/types" />
import { describeAdapter } from './describe-adapter';
import type { WebgpuAdapterReport } from './describe-adapter';

/** A Dawn adapter found on this machine, not yet opened. */
export interface FoundAdapter {
  adapter: GPUAdapter;
  report: WebgpuAdapterReport;
  /** Dawn's `globals` (GPUBufferUsage, GPUMapMode, …), which tfjs reads as globals. */
  globals: object;
  gpu: GPU;
}

/** Either an adapter, or why there is none (in words, for the log and report.json). */
export type AdapterSearch = { found: FoundAdapter; reason?: undefined } | { found: null; reason: string };

/** The shape of the `webgpu` package (Dawn's Node bindings). */
interface DawnModule {
  create(options: string[]): GPU;
  globals: object;
}

/** Dawn backends tried in order: Vulkan (real GPUs), then OpenGL ES through EGL (Mesa's llvmpipe in CI). */
const CANDIDATES = [
  { dawnBackend: 'vulkan', options: ['backend=vulkan'], featureLevel: 'core' },
  { dawnBackend: 'opengles', options: ['backend=opengles'], featureLevel: 'compatibility' },
] as const;

/**
 * Loads Dawn and asks it for an adapter: Vulkan first, then OpenGL ES (`featureLevel:
 * 'compatibility'`, with `EGL_PLATFORM=surfaceless` unless set, so no display is needed).
 * `EDGEFUSE_DAWN_BACKEND=vulkan|opengles` tries only that one. Never throws for a missing GPU or
 * package: the reason says what was missing.
 */
export async function findWebgpuAdapter(): Promise<AdapterSearch> {
  let dawn: DawnModule;
  try {
    const specifier: string = 'webgpu'; // a variable: the package is optional at run time
    dawn = (await import(specifier)) as DawnModule;
  } catch (error) {
    return { found: null, reason: `Dawn's Node bindings (npm package webgpu) failed to load: ${(error as Error).message.split('\n')[0]}` };
  }
  process.env.EGL_PLATFORM ??= 'surfaceless'; // read by Mesa's EGL when Dawn opens it
  const only = process.env.EDGEFUSE_DAWN_BACKEND;
  if (only !== undefined && only !== '' && !CANDIDATES.some(({ dawnBackend }) => dawnBackend === only)) {
    return { found: null, reason: `EDGEFUSE_DAWN_BACKEND is "${only}", expected vulkan or opengles` };
  }
  const tried: string[] = [];
  for (const candidate of CANDIDATES) {
    if (only && candidate.dawnBackend !== only) continue;
    const gpu = dawn.create([...candidate.options]);
    // featureLevel is newer than @webgpu/types' GPURequestAdapterOptions in some versions.
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance', featureLevel: candidate.featureLevel } as GPURequestAdapterOptions);
    if (adapter) {
      return { found: { adapter, gpu, globals: dawn.globals, report: describeAdapter(adapter.info, candidate.dawnBackend, candidate.featureLevel) } };
    }
    tried.push(`${candidate.dawnBackend} (${candidate.featureLevel}): no adapter`);
  }
  return {
    found: null,
    reason: `Dawn found no adapter: ${tried.join('; ')}. A GPU needs its Vulkan driver (libvulkan1 + the vendor ICD); ` +
      "a software adapter needs Mesa's EGL/GLES (Debian: libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri)",
  };
}

/** Limits tfjs' WebGPU shaders rely on: without them, pipelines fail validation and results are NaN. */
const REQUIRED_LIMITS = [
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
] as const;

/** A device with every limit in `REQUIRED_LIMITS` raised to the adapter's maximum. */
export async function requestTrainingDevice(adapter: GPUAdapter): Promise<GPUDevice> {
  const requiredLimits: Record<string, number> = {};
  for (const name of REQUIRED_LIMITS) requiredLimits[name] = adapter.limits[name];
  return adapter.requestDevice({ requiredLimits });
}
