import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { localWranglerEnv } from './local-wrangler-env';

const run = promisify(execFile);

/** A `wrangler deploy --dry-run` bundle on disk: what Cloudflare would run. */
export interface WorkerBundle {
  /** Where the modules are (index.js, the .wasm, the bundled weights). */
  dir: string;
  /** The git ref it was built from, or `working tree`. */
  label: string;
  /** Removes the bundle (and the checkout it was built from). */
  remove(): Promise<void>;
}

/**
 * Bundles the worker with `wrangler deploy --dry-run --outdir` (no network): from the working
 * tree, or, given `ref`, from that commit (`git archive` into a temporary directory that borrows
 * this checkout's node_modules), so two versions can be measured side by side in one run.
 * `extraArgs` go to wrangler (tools/profile-isolate.ts bundles with `--minify false`, for names).
 */
export async function buildWorkerBundle(root: string, ref: string | undefined, timeoutMs: number, signal?: AbortSignal, extraArgs: readonly string[] = []): Promise<WorkerBundle> {
  const work = await mkdtemp(join(tmpdir(), 'edgefuse-bench-isolate-'));
  try {
    let source = root;
    if (ref !== undefined) {
      source = join(work, 'src');
      await mkdir(source);
      await run('bash', ['-c', `git -C "${root}" archive "$REF" | tar -x -C "${source}"`], { env: { ...process.env, REF: ref }, timeout: timeoutMs, signal });
      await symlink(join(root, 'node_modules'), join(source, 'node_modules'));
    }
    const dir = join(work, 'bundle');
    await run(join(root, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', dir, ...extraArgs], { cwd: source, env: localWranglerEnv(), timeout: timeoutMs, signal });
    if (!(await readdir(dir)).includes('index.js')) throw new Error(`wrangler deploy --dry-run wrote no index.js for ${ref ?? 'the working tree'}`);
    return { dir, label: ref ?? 'working tree', remove: () => rm(work, { recursive: true, force: true }) };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}
