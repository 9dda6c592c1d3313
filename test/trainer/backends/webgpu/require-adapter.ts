import { findWebgpuAdapter } from '../../../../trainer/backends/webgpu';

/**
 * Whether this machine has a WebGPU adapter for the webgpu tests. Under `CI=true` a missing
 * adapter throws (the file fails: CI installs Mesa's EGL/GLES for Dawn's OpenGL ES backend, see
 * .ci/run); elsewhere the tests are skipped with the reason printed.
 */
export async function requireAdapter(): Promise<boolean> {
  const search = await findWebgpuAdapter();
  if (search.found) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true and no WebGPU adapter: ${search.reason}`);
  process.stderr.write(`skipping the webgpu tests: ${search.reason}\n`);
  return false;
}
