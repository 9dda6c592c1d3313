// `node --import tsx tools/profile-isolate.ts [--route png|jpeg|batch|healthz] [--requests N] [--cold]`:
// a CPU profile of the worker inside workerd, through its V8 inspector, to see where a
// request's CPU goes (the in-isolate bench says how much; this says where). Bundles the worker
// with `wrangler deploy --dry-run`, sends warm-up requests, profiles N more and prints the
// functions with the most self time. `--cold` profiles the first predict of a fresh isolate
// (after an unprofiled first /healthz) instead. Writes the full profile to runs/profile-<route>.cpuprofile (open it in DevTools).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWorkerBundle } from '../bench/serve/build-worker-bundle';
import { edgefuseRequests } from '../bench/serve/in-isolate-bodies';
import type { IsolateRequest } from '../bench/serve/in-isolate-bodies';
import { startBundleIsolate } from '../bench/serve/start-bundle-isolate';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROUTES: Record<string, number> = { healthz: 0, png: 1, jpeg: 2, batch: 3 };
const INSPECTOR_PORT = 9339;

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    if (message.error) throw new Error(message.error.message);
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  return {
    send: (method: string, params: Record<string, unknown> = {}) =>
      new Promise<unknown>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** Self time per function (µs), most first. */
function selfTimes(profile: Profile): { name: string; micros: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  return [...totals].map(([name, micros]) => ({ name, micros })).sort((a, b) => b.micros - a.micros);
}

/** Inclusive time per function (µs): each sample counts once for every function on its stack. */
function inclusiveTimes(profile: Profile): { name: string; micros: number }[] {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node) break;
      const { functionName, url, lineNumber } = node.callFrame;
      const name = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0));
    }
  });
  return [...totals].map(([name, micros]) => ({ name, micros })).sort((a, b) => b.micros - a.micros);
}

const { values } = parseArgs({ options: { route: { type: 'string', default: 'png' }, requests: { type: 'string', default: '500' }, cold: { type: 'boolean', default: false }, top: { type: 'string', default: '40' } } });
const kind = ROUTES[values.route ?? 'png'];
if (kind === undefined) throw new Error(`--route: expected one of ${Object.keys(ROUTES).join(', ')}, got ${values.route}`);
const count = Number(values.requests);
const root = process.cwd();
const requests = await edgefuseRequests(root);
const request = requests[kind] as IsolateRequest;
const bundle = await buildWorkerBundle(root, undefined, 120_000, undefined, ['--minify', 'false']);
try {
  const isolate = await startBundleIsolate({ bundleDir: bundle.dir, vars: { DEFAULT_MODEL: 'mnist' } }, { inspectorPort: INSPECTOR_PORT });
  try {
    const send = async (r: IsolateRequest) => {
      const response = await isolate.fetch(r.path, { method: r.method, ...(r.headers ? { headers: r.headers } : {}), ...(r.body ? { body: r.body } : {}) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${r.route}: status ${response.status}`);
    };
    const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json()) as { webSocketDebuggerUrl: string; title?: string; id?: string }[];
    const target = targets.find((t) => t.webSocketDebuggerUrl.includes('core:user:')) ?? targets[0];
    if (!target) throw new Error('workerd lists no inspector target');
    const cdp = await connect(target.webSocketDebuggerUrl);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    if (!values.cold) for (let i = 0; i < 200; i++) await send(request);
    // Cold: the first /healthz first (unprofiled, as the bench's cold start runs it), then the first predict.
    if (values.cold) await send(requests[0] as IsolateRequest);
    const cpuBefore = await isolate.cpuMs();
    await cdp.send('Profiler.start');
    if (values.cold) await send(request);
    else for (let i = 0; i < count; i++) await send(request);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    const cpuMs = (await isolate.cpuMs()) - cpuBefore;
    cdp.close();
    const n = values.cold ? 1 : count;
    const totalMicros = profile.timeDeltas.reduce((a, b) => a + b, 0);
    const rows = selfTimes(profile);
    process.stdout.write(`${request.route}${values.cold ? ' (cold: the first predict, after the first /healthz)' : ''}: workerd CPU ${(cpuMs / n).toFixed(3)} ms per request (profiling on), sampled ${(totalMicros / 1000 / n).toFixed(3)} ms\n`);
    for (const row of rows.slice(0, Number(values.top))) process.stdout.write(`${(row.micros / 1000 / n).toFixed(4).padStart(9)} ms  ${row.name}\n`);
    process.stdout.write('inclusive:\n');
    for (const row of inclusiveTimes(profile).slice(0, Number(values.top))) process.stdout.write(`${(row.micros / 1000 / n).toFixed(4).padStart(9)} ms  ${row.name}\n`);
    await mkdir('runs', { recursive: true });
    const out = join('runs', `profile-${values.route}${values.cold ? '-cold' : ''}.cpuprofile`);
    await writeFile(`${out}.tmp`, JSON.stringify(profile));
    await rename(`${out}.tmp`, out);
    process.stdout.write(`profile: ${out}\n`);
  } finally {
    await isolate.dispose();
  }
} finally {
  await bundle.remove();
}
