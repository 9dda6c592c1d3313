import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { localWranglerEnv } from './local-wrangler-env';
import { parseTotalUpload } from './parse-total-upload';

const run = promisify(execFile);

/** What `wrangler deploy` would upload, bytes. */
export interface BundleSize {
  bytes: number;
  /** gzip of all modules concatenated, as wrangler computes its own figure. */
  gzipBytes: number;
  /** The uploaded modules, in wrangler's order (attached modules, then the main one). */
  modules: string[];
}

/** Files `--outdir` holds that are not uploaded as modules. */
const isUploadedModule = (file: string): boolean => !file.endsWith('.map') && file !== 'README.md';

/**
 * Runs `wrangler deploy --dry-run --outdir <temp>` (a dry run does not contact Cloudflare)
 * and sums the modules it wrote: the script and the bundled default model. Checks the sum
 * against wrangler's own `Total Upload` line, so a module this misses (or counts wrongly) fails loudly.
 * Aborting `signal` kills wrangler.
 */
export async function measureBundleSize(root: string, timeoutMs: number, signal?: AbortSignal): Promise<BundleSize> {
  const outdir = await mkdtemp(join(tmpdir(), 'edgefuse-bench-bundle-'));
  try {
    const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
    const { stdout, stderr } = await run(wrangler, ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: root,
      env: localWranglerEnv(),
      timeout: timeoutMs,
      signal,
    });
    const files = (await readdir(outdir)).filter(isUploadedModule).sort();
    const modules = [...files.filter((file) => file !== 'index.js'), ...files.filter((file) => file === 'index.js')];
    if (!modules.includes('index.js')) throw new Error(`wrangler deploy --dry-run wrote no index.js to ${outdir}: ${files.join(', ')}`);
    const contents = await Promise.all(modules.map((file) => readFile(join(outdir, file))));
    const bytes = contents.reduce((sum, content) => sum + content.byteLength, 0);
    const gzipBytes = gzipSync(Buffer.concat(contents)).byteLength;
    const reported = parseTotalUpload(`${stdout}\n${stderr}`);
    // wrangler prints KiB rounded to 2 decimals: the file sum must round to the same figure.
    if (reported !== undefined && (bytes / 1024).toFixed(2) !== reported.kib.toFixed(2)) {
      throw new Error(`modules ${modules.join(', ')} sum to ${(bytes / 1024).toFixed(2)} KiB but wrangler reports a Total Upload of ${reported.kib} KiB`);
    }
    // gzip depends on the concatenation order, which is wrangler's to choose: agree within 1%.
    if (reported !== undefined && Math.abs(gzipBytes / 1024 - reported.gzipKib) > reported.gzipKib / 100) {
      throw new Error(`modules gzip to ${(gzipBytes / 1024).toFixed(2)} KiB but wrangler reports ${reported.gzipKib} KiB`);
    }
    return { bytes, gzipBytes, modules };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
