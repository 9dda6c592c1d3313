/** What Dawn says about the adapter a run uses (or would use), as `report.json` records it. */
export interface WebgpuAdapterReport {
  /** `adapter.info.vendor` (`nvidia`, `amd`, `intel`, `apple`, … ; empty on Mesa's GL driver). */
  vendor: string;
  architecture: string;
  /** `adapter.info.device`, e.g. `llvmpipe-llvm-15-0-6-256-bits-`. */
  device: string;
  /** `adapter.info.description`: the driver's own words (its version on Vulkan). */
  driver: string;
  /** Dawn's backend: `vulkan` (its default on Linux) or `opengles` (through EGL). */
  dawnBackend: 'vulkan' | 'opengles';
  featureLevel: 'core' | 'compatibility';
  /** A CPU rasterizer (llvmpipe, lavapipe, SwiftShader): correct, slow; `auto` never picks it. */
  software: boolean;
  /** A GPU from a vendor `auto` trusts (NVIDIA, AMD, Intel, Apple) that is not software. */
  hardware: boolean;
}

/** The fields of `GPUAdapterInfo` this reads (Dawn fills them; some are empty strings). */
export interface AdapterInfoFields {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software|basic render/i;
const HARDWARE_VENDORS = /nvidia|\bamd\b|\bati\b|radeon|intel|apple/i;

/**
 * Classifies an adapter from its info: software when any field names a CPU rasterizer (or Dawn
 * marks it a fallback adapter), hardware when a trusted vendor is named and it is not software.
 *
 * @example
 * describeAdapter({ vendor: 'nvidia', architecture: 'ada', device: '', description: 'NVIDIA: 550.54' }, 'vulkan', 'core').hardware; // true
 */
export function describeAdapter(info: AdapterInfoFields, dawnBackend: WebgpuAdapterReport['dawnBackend'], featureLevel: WebgpuAdapterReport['featureLevel']): WebgpuAdapterReport {
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const device = info.device ?? '';
  const driver = info.description ?? '';
  const words = [vendor, architecture, device, driver].join(' ');
  const software = info.isFallbackAdapter === true || SOFTWARE.test(words);
  return { vendor, architecture, device, driver, dawnBackend, featureLevel, software, hardware: !software && HARDWARE_VENDORS.test(words) };
}

/** One line for logs: `llvmpipe-llvm-15… (OpenGL ES 3.2 Mesa 22.3.6; opengles, compatibility; software)`. */
export function formatAdapter(adapter: WebgpuAdapterReport): string {
  const name = [adapter.vendor, adapter.architecture, adapter.device].filter(Boolean).join(' ') || 'unnamed adapter';
  const kind = adapter.software ? 'software' : adapter.hardware ? 'hardware' : 'unknown vendor';
  return `${name} (${adapter.driver || 'no driver description'}; ${adapter.dawnBackend}, ${adapter.featureLevel}; ${kind})`;
}
