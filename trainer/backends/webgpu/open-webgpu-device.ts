/// <reference types="@webgpu/types" />
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Dawn backends tried in order: the platform's native one (Vulkan on Linux, Metal, D3D12) for real
 * GPUs, then OpenGL ES through EGL (Mesa's llvmpipe in CI; a software adapter, so only when a
 * software adapter is acceptable).
 */
const CANDIDATES = [
  { dawnBackend: 'vulkan', options: process.platform === 'linux' ? ['backend=vulkan'] : [], featureLevel: 'core', software: false },
  { dawnBackend: 'opengles', options: ['backend=opengles'], featureLevel: 'compatibility', software: true },
] as const;

/** Where Linux distributions put the Vulkan loader (Dawn prints a warning when it is missing; this asks first). */
function vulkanLoaderPresent(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];
  return dirs.some((dir) => existsSync(join(dir, 'libvulkan.so.1')));
}

/** Options of `findWebgpuAdapter`. */
export interface AdapterSearchOptions {
  /** Only look where a GPU can be (`auto`): skip Dawn's OpenGL ES backend, which here only finds software rasterizers. */
  gpuOnly?: boolean;
}

/**
 * Loads Dawn and asks it for an adapter: Vulkan first, then OpenGL ES (`featureLevel:
 * 'compatibility'`, with `EGL_PLATFORM=surfaceless` unless set, so no display is needed).
 * `EDGEFUSE_DAWN_BACKEND=vulkan|opengles` tries only that one. Never throws for a missing GPU or
 * package: the reason says what was missing.
 */
export async function findWebgpuAdapter(options: AdapterSearchOptions = {}): Promise<AdapterSearch> {
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
    if (options.gpuOnly && candidate.software) continue;
    if (candidate.dawnBackend === 'vulkan' && !vulkanLoaderPresent()) {
      tried.push('vulkan: libvulkan.so.1 not found');
      continue;
    }
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
    reason: `Dawn found no adapter: ${tried.join('; ') || 'none tried'}. A GPU needs its Vulkan driver (libvulkan1 + the vendor ICD); ` +
      (options.gpuOnly ? 'software adapters are not looked for here' : "a software adapter needs Mesa's EGL/GLES (Debian: libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri)"),
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
