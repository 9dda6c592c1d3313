// `npm run setup:gpu` / `npm run setup:cpu-native`: installs tfjs-node-gpu or tfjs-node next to
// the project, without saving it. npm 11 refuses `--allow-scripts=` in a project install, so their
// install script (which downloads libtensorflow) is approved in package.json's `allowScripts`.
import { spawnSync } from 'node:child_process';
import { UsageError } from './parse-cli-flags';
import { runCli } from './run-cli';

/** The native packages, pinned to the tfjs version of the rest of the project. */
export const NATIVE_SETUP = {
  'tfjs-node-gpu': { spec: '@tensorflow/tfjs-node-gpu@4.22.0', needs: 'an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1, Node ≤ 22, and internet (libtensorflow 2.9.1 GPU from storage.googleapis.com)' },
  'tfjs-node': { spec: '@tensorflow/tfjs-node@4.22.0', needs: 'Node ≤ 22 and internet (libtensorflow 2.9.1 from storage.googleapis.com)' },
} as const;

/** The npm arguments `setup` runs for `name` (no `--allow-scripts`: package.json approves the script). */
export function setupNativeArgs(name: keyof typeof NATIVE_SETUP): string[] {
  return ['install', '--no-save', '--no-audit', '--no-fund', NATIVE_SETUP[name].spec];
}

// Only as a program (the test imports the functions above).
if (process.argv[1]?.endsWith('setup-native.ts')) {
  runCli('setup', async () => {
    const name = process.argv[2];
    if (name !== 'tfjs-node-gpu' && name !== 'tfjs-node') throw new UsageError(`expected tfjs-node-gpu or tfjs-node, got "${String(name)}"`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, setupNativeArgs(name), { stdio: 'inherit' });
    if (result.status !== 0) {
      throw new UsageError(
        `npm install ${NATIVE_SETUP[name].spec} failed (exit ${String(result.status ?? result.signal)}). It needs ${NATIVE_SETUP[name].needs}; ` +
          'without internet its install script cannot download libtensorflow. For a GPU without any of that, use --backend webgpu (installed already).',
      );
    }
  });
}
