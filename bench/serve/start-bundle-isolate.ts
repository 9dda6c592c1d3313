import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import type { V4MiniflareOptions } from 'miniflare';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { childPids, commandOf, cpuTimeMs } from './workerd-cpu';

/** One workerd process running one bundle (or the bare baseline), for in-isolate measurements. */
export interface BundleIsolate {
  /** Sends a request to the worker (over miniflare's socket, as `wrangler dev` without its proxy). */
  fetch(path: string, init?: { method?: string; headers?: Record<string, string>; body?: Uint8Array }): Promise<Response>;
  /** CPU the workerd process has used so far, ms. */
  cpuMs(): Promise<number>;
  /**
   * The first log line (`console.*`) matching `match` among those the worker wrote since the last
   * take, waiting up to `timeoutMs` for it (lines come over workerd's stdout, after the response);
   * the lines before it are dropped. `undefined` when none arrives.
   */
  takeLogLine(match: (line: string) => boolean, timeoutMs: number): Promise<string | undefined>;
  /** Drops the log lines written so far. */
  clearLogs(): void;
  /** Spawn → runtime ready (workerd listening, its workers loaded), wall ms and workerd CPU ms. */
  startup: { wallMs: number; cpuMs: number };
  dispose(): Promise<void>;
}

/** What to run: a `wrangler deploy --dry-run` bundle directory, or the source of a bare module worker. */
export type IsolateSource = { bundleDir: string; vars: Record<string, string> } | { script: string; /** Bind the empty bucket as `MODELS` too. */ r2?: boolean };

const COMPATIBILITY_DATE = '2026-11-01';

/** Log lines kept for `takeLogLine` (the oldest are dropped: the warm rounds write thousands). */
const KEPT_LOG_LINES = 64;

/** The worker's log lines, kept (not printed) for `takeLogLine`; workerd writes them either way. */
function logKeeper() {
  const kept: string[] = [];
  let wake: (() => void) | undefined;
  return {
    handle(log: { message: string }): void {
      kept.push(log.message);
      if (kept.length > KEPT_LOG_LINES) kept.shift();
      wake?.();
    },
    async take(match: (line: string) => boolean, timeoutMs: number): Promise<string | undefined> {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const index = kept.findIndex(match);
        if (index >= 0) return kept.splice(0, index + 1).at(-1);
        const left = deadline - performance.now();
        if (left <= 0) return undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    },
    clear(): void {
      kept.length = 0;
    },
  };
}

/**
 * Starts a fresh workerd (through miniflare) for `source`, with an empty in-memory R2 bucket
 * bound as `MODELS` (and, given `debug.inspectorPort`, V8's inspector there, for tools/profile-isolate.ts), and finds its process among this process's children so its CPU time can
 * be read from /proc.
 */
export async function startBundleIsolate(source: IsolateSource, debug: { inspectorPort?: number } = {}): Promise<BundleIsolate> {
  const before = await childPids();
  const started = performance.now();
  const logs = logKeeper();
  const handleStructuredLogs = logs.handle;
  // miniflare 5 takes its native shape; the V4 options (those of wrangler.toml) convert to it.
  const options: V4MiniflareOptions =
    'script' in source
      ? { modules: true, script: source.script, compatibilityDate: COMPATIBILITY_DATE, handleStructuredLogs, ...(source.r2 === true ? { r2Buckets: ['MODELS'] } : {}) }
      : {
          handleStructuredLogs,
          modulesRoot: source.bundleDir,
          // index.js first (the entry), then the modules it imports, as wrangler uploads them.
          modules: [
            { type: 'ESModule', path: join(source.bundleDir, 'index.js') },
            ...(await readdir(source.bundleDir)).flatMap((file): { type: 'CompiledWasm' | 'Data'; path: string }[] => {
              const path = join(source.bundleDir, file);
              if (file.endsWith('.wasm')) return [{ type: 'CompiledWasm', path }];
              if (file.endsWith('.bin')) return [{ type: 'Data', path }];
              return [];
            }),
          ],
          compatibilityDate: COMPATIBILITY_DATE,
          bindings: source.vars,
          r2Buckets: ['MODELS'],
        };
  const mf = new Miniflare(convertV4MiniflareOptions({ ...options, ...(debug.inspectorPort === undefined ? {} : { name: 'edgefuse', inspectorPort: debug.inspectorPort }) }));
  const url = await mf.ready;
  const wallMs = performance.now() - started;
  const spawned: number[] = [];
  for (const pid of await childPids()) if (!before.has(pid) && (await commandOf(pid)) === 'workerd') spawned.push(pid);
  const [pid] = spawned;
  if (pid === undefined || spawned.length !== 1) {
    await mf.dispose();
    throw new Error(`expected one new workerd child process, found ${spawned.length}`);
  }
  return {
    fetch: (path, init) => mf.dispatchFetch(new URL(path, url).toString(), init) as unknown as Promise<Response>,
    cpuMs: () => cpuTimeMs(pid),
    takeLogLine: (match, timeoutMs) => logs.take(match, timeoutMs),
    clearLogs: () => logs.clear(),
    startup: { wallMs, cpuMs: await cpuTimeMs(pid) },
    dispose: () => mf.dispose(),
  };
}
