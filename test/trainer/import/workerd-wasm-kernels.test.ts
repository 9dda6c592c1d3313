import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WORKERD_WASM_KERNELS } from '../../../trainer/import/workerd-wasm-kernels';
import { ROOT } from '../../helpers/run-cli';

const run = promisify(execFile);

describe('WORKERD_WASM_KERNELS', () => {
  it('should list exactly the kernels the installed tfjs-backend-wasm registers (what the worker imports)', async () => {
    // A fresh process: nothing but the stock package has registered wasm kernels there (tsx
    // resolves the package's extensionless ESM imports, as wrangler's bundler does).
    const script =
      "const tf = await import('@tensorflow/tfjs-core'); await import('@tensorflow/tfjs-backend-wasm/dist/register_all_kernels.js');" +
      "console.log(JSON.stringify(tf.getKernelsForBackend('wasm').map((k) => k.kernelName).sort()));";
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
    expect([...WORKERD_WASM_KERNELS].sort()).toEqual(JSON.parse(stdout) as string[]);
  });
});
