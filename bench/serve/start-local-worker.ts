import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localWranglerEnv } from './local-wrangler-env';

/** A `wrangler dev` of this repo's worker on 127.0.0.1, with its own fresh local state. */
export interface LocalWorker {
  url: string;
  /** Spawning wrangler → first 200 on /healthz, ms. */
  coldStartMs: number;
  /** Everything wrangler printed, for failure messages. */
  output(): string;
  /** Kills wrangler and workerd (the whole process group) and removes the state directory; idempotent. */
  stop(): Promise<void>;
}

/** Options for `startLocalWorker`. */
export interface StartLocalWorkerOptions {
  /** The repository root (where wrangler.toml is). */
  root: string;
  /** Give up when /healthz has not answered 200 within this many ms. */
  readyTimeoutMs: number;
  /** Between /healthz polls, ms; bounds the cold-start measurement's resolution. */
  pollIntervalMs?: number;
  /** Aborting stops the wait: wrangler is killed and the promise rejects with the reason. */
  signal?: AbortSignal;
}

/** A free TCP port on 127.0.0.1 (closed again before returning; a race is possible but rare). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Sends `signal` to the child's process group; false when the group is gone (ESRCH). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * Stops wrangler and workerd: SIGTERM to the group (wrangler starts workerd as its child), then
 * waits until no process of the group is left (not just wrangler: workerd may outlive it by a
 * moment), with SIGKILL after `graceMs`.
 */
async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (!signalGroup(child, 'SIGTERM')) return;
  const killAt = performance.now() + graceMs;
  let killed = false;
  while (signalGroup(child, 0)) {
    if (!killed && performance.now() > killAt) killed = signalGroup(child, 'SIGKILL');
    if (performance.now() > killAt + 2_000) throw new Error(`process group ${child.pid} of wrangler dev survived SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false; // not listening yet
  }
}

/**
 * Starts `wrangler dev --ip 127.0.0.1` on a free port with its own `--persist-to` directory (an
 * empty local R2, so the bundled default model is served) and waits for 200 on /healthz.
 */
export async function startLocalWorker(options: StartLocalWorkerOptions): Promise<LocalWorker> {
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const persistTo = await mkdtemp(join(tmpdir(), 'edgefuse-bench-serve-'));
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const wrangler = join(options.root, 'node_modules', '.bin', 'wrangler');
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--persist-to', persistTo, '--show-interactive-dev-session=false'];
  const spawnedAt = performance.now();
  const child = spawn(wrangler, args, { cwd: options.root, env: localWranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Last resort if this process exits without calling stop() (an uncaught exception): wrangler
  // runs detached, so nothing else would end it.
  const killOnExit = (): void => void signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= stopProcessGroup(child).then(async () => {
      process.off('exit', killOnExit);
      await rm(persistTo, { recursive: true, force: true });
    });
    return stopped;
  };
  const url = `http://127.0.0.1:${port}`;

  try {
    const deadline = spawnedAt + options.readyTimeoutMs;
    while (performance.now() < deadline) {
      options.signal?.throwIfAborted();
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode ?? child.signalCode} before /healthz answered:\n${output}`);
      if (await isHealthy(url)) return { url, coldStartMs: performance.now() - spawnedAt, output: () => output, stop };
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
    throw new Error(`wrangler dev did not answer 200 on /healthz within ${options.readyTimeoutMs} ms:\n${output}`);
  } catch (error) {
    await stop();
    throw error;
  }
}
