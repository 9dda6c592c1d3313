import { loadavg } from 'node:os';
import { buildWorkerBundle } from './build-worker-bundle';
import type { WorkerBundle } from './build-worker-bundle';
import { BARE_POST_WORKER_SCRIPT, BARE_R2_WORKER_SCRIPT, BARE_WORKER_SCRIPT, edgefuseRequests } from './in-isolate-bodies';
import type { IsolateRequest } from './in-isolate-bodies';
import { isPredictLogLine, predictPhasesOf } from './predict-phases-of';
import type { PredictPhasesMs } from './predict-phases-of';
import { startBundleIsolate } from './start-bundle-isolate';
import type { BundleIsolate, IsolateSource } from './start-bundle-isolate';

/** What the in-isolate section measures; `bench:serve`'s `--isolate-*` flags. */
export interface InIsolateOptions {
  /** Sequential requests per route and round (a batch of 32 gets a fifth of them). */
  requests: number;
  /** Rounds; each starts a fresh workerd per variant, in rotating order, so drift hits all alike. */
  rounds: number;
  /** Cold starts per variant and round: the round's own workerd, then this many minus one more, each fresh. */
  coldStarts: number;
  /** Also measure the worker as of these git refs (the "before"s), in the same rounds. */
  compareRefs: readonly string[];
}

/** One variant's cold start: runtime ready, then the first /healthz, then the first predict. */
export interface ColdStart {
  readyWallMs: number;
  readyCpuMs: number;
  firstHealthzWallMs: number;
  firstHealthzCpuMs: number;
  /** `null` for the bare Worker (its first request is the "first /healthz"). */
  firstPredictWallMs: number | null;
  firstPredictCpuMs: number | null;
  /**
   * Another fresh isolate whose first request is the predict (the baselines: their POST), as a
   * deployed worker's cold isolate usually meets it: the first predict plus every per-isolate
   * first-request cost the `/healthz` above paid. `null` for the bare Worker; absent in older records.
   */
  predictFirstWallMs?: number | null;
  predictFirstCpuMs?: number | null;
  /**
   * Where each of those two predicts went, from its own log line (edgefuse only; `null` for the
   * baselines, or when no line came). Absent in older records.
   */
  firstPredictPhases?: PredictPhasesMs | null;
  predictFirstPhases?: PredictPhasesMs | null;
}

/** One row of the table: workerd CPU per request of one route in one variant, per round. */
export interface InIsolateRow {
  variant: string;
  route: string;
  requests: number;
  /** CPU ms per request, one value per round. */
  cpuMsPerRequest: number[];
  medianCpuMs: number;
  /**
   * Per round, this row minus the bare Worker measured in the same blocks (beside this kind of
   * request, in the same round): a paired difference, steadier than two medians when the
   * machine's speed drifts between kinds or rounds. Absent for the bare Worker.
   */
  vsBareMs?: number[];
  medianVsBareMs?: number;
}

/** The in-isolate section of `bench-results/serve.json`. */
export interface InIsolateResult {
  rounds: number;
  rows: InIsolateRow[];
  cold: { variant: string; rounds: ColdStart[]; median: ColdStart }[];
  loadAverage: { before: number; after: number };
}

const BARE = 'bare Worker';
/** The second baseline (a bare Worker reading a POST body); like the first, it runs beside every kind. */
const BARE_POST = 'bare Worker, reads a POST body';
/** The third, cold starts only: its first POST reads the body, then the default model's R2 pointer. */
const BARE_R2 = 'bare Worker, reads a POST body and R2';
const isBaseline = (name: string) => name === BARE || name === BARE_POST || name === BARE_R2;
const WARM_UP_REQUESTS = 50;
/** How long a cold start waits for the predict's log line after its response (it comes over workerd's stdout). */
const LOG_LINE_TIMEOUT_MS = 2000;
/** Requests of one variant before the next variant's turn. */
const BLOCK_REQUESTS = 40;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function send(isolate: BundleIsolate, request: IsolateRequest): Promise<void> {
  const response = await isolate.fetch(request.path, { method: request.method, ...(request.headers ? { headers: request.headers } : {}), ...(request.body ? { body: request.body } : {}) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${request.route}: status ${response.status}`);
}

/**
 * The two requests a cold start times: edgefuse's `/healthz`, then its first predict; the
 * baselines' first GET, then (the POST-reading ones) their first POST of the predict PNG: the
 * runtime's (and miniflare's) own cold cost of a request body, and of the R2 read after it.
 */
function coldRequestsOf(variant: { requests: IsolateRequest[]; coldPost?: IsolateRequest }): [IsolateRequest | undefined, IsolateRequest | undefined] {
  if (variant.coldPost !== undefined) return [{ route: 'GET / (bare)', path: '/', method: 'GET', images: 0 }, variant.coldPost];
  return [variant.requests[0], variant.requests[1]];
}

/** `predict`'s phases from its log line (after the response), when the variant writes one. */
async function timedPredict(isolate: BundleIsolate, predict: IsolateRequest, logsPhases: boolean): Promise<{ wallMs: number; cpuMs: number; phases: PredictPhasesMs | null }> {
  isolate.clearLogs();
  const timed = await measure(isolate, () => send(isolate, predict));
  return { ...timed, phases: logsPhases ? predictPhasesOf(await isolate.takeLogLine(isPredictLogLine, LOG_LINE_TIMEOUT_MS)) : null };
}

/**
 * Runtime ready → first /healthz → first predict (`null` for the bare Worker) of a fresh isolate,
 * then, in one more fresh isolate from `fresh`, the predict as its first request. `logsPhases`:
 * the variant writes a predict log line (edgefuse), whose phase times are kept.
 */
async function coldStartOf(isolate: BundleIsolate, healthz: IsolateRequest, predict: IsolateRequest | undefined, fresh: () => Promise<BundleIsolate>, logsPhases: boolean): Promise<ColdStart> {
  const none = { wallMs: null, cpuMs: null, phases: null };
  const firstHealthz = await measure(isolate, () => send(isolate, healthz));
  const firstPredict = predict === undefined ? none : await timedPredict(isolate, predict, logsPhases);
  let predictFirst: { wallMs: number | null; cpuMs: number | null; phases: PredictPhasesMs | null } = none;
  if (predict !== undefined) {
    const other = await fresh();
    try {
      predictFirst = await timedPredict(other, predict, logsPhases);
    } finally {
      await other.dispose();
    }
  }
  return {
    readyWallMs: isolate.startup.wallMs, readyCpuMs: isolate.startup.cpuMs,
    firstHealthzWallMs: firstHealthz.wallMs, firstHealthzCpuMs: firstHealthz.cpuMs,
    firstPredictWallMs: firstPredict.wallMs, firstPredictCpuMs: firstPredict.cpuMs,
    predictFirstWallMs: predictFirst.wallMs, predictFirstCpuMs: predictFirst.cpuMs,
    firstPredictPhases: firstPredict.phases, predictFirstPhases: predictFirst.phases,
  };
}

/** The median of each phase over the starts that logged them; `null` when none did. */
function medianPhases(phases: readonly (PredictPhasesMs | null | undefined)[]): PredictPhasesMs | null {
  const logged = phases.filter((value): value is PredictPhasesMs => value !== null && value !== undefined);
  if (logged.length === 0) return null;
  const of = (key: keyof PredictPhasesMs) => median(logged.map((value) => value[key]));
  return { decodeMs: of('decodeMs'), preprocessMs: of('preprocessMs'), loadMs: of('loadMs'), inferMs: of('inferMs') };
}

/** Wall and workerd CPU ms of one `run`. */
async function measure(isolate: BundleIsolate, run: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = await isolate.cpuMs();
  const started = performance.now();
  await run();
  return { wallMs: performance.now() - started, cpuMs: (await isolate.cpuMs()) - cpu };
}

/**
 * workerd's own CPU time per request (from /proc, so Workers' frozen clocks do not matter) for a
 * bare Worker, this worker and optionally each of `compareRefs`', each in a fresh workerd per round,
 * plus each one's cold start.
 */
export async function runInIsolateBench(root: string, options: InIsolateOptions, log: (line: string) => void, signal?: AbortSignal): Promise<InIsolateResult> {
  const loadBefore = loadavg()[0] ?? 0;
  const requests = await edgefuseRequests(root);
  const bundles: WorkerBundle[] = [];
  try {
    log('in-isolate: bundling the worker (wrangler deploy --dry-run)…');
    bundles.push(await buildWorkerBundle(root, undefined, 120_000, signal));
    for (const ref of options.compareRefs) {
      log(`in-isolate: bundling ${ref}…`);
      bundles.push(await buildWorkerBundle(root, ref, 120_000, signal));
    }
    const vars = { DEFAULT_MODEL: 'mnist' };
    const pngPosts = requests.filter((request) => request.route === 'predict PNG 28×28').map((request) => ({ ...request, route: `POST / with the PNG body (${request.body?.length ?? 0} bytes)`, path: '/' }));
    // `coldPost`: a POST-reading baseline's cold start is a first GET, then this POST. The R2 one has
    // no warm rows (edgefuse reads its pointer once per TTL, not per request).
    const variants: { name: string; source: IsolateSource; requests: IsolateRequest[]; coldPost?: IsolateRequest }[] = [
      { name: BARE, source: { script: BARE_WORKER_SCRIPT }, requests: [{ route: 'GET / (bare)', path: '/', method: 'GET', images: 0 }] },
      ...pngPosts.slice(0, 1).flatMap((post) => [
        { name: BARE_POST, source: { script: BARE_POST_WORKER_SCRIPT }, requests: [post], coldPost: post },
        { name: BARE_R2, source: { script: BARE_R2_WORKER_SCRIPT, r2: true }, requests: [], coldPost: post },
      ]),
      ...bundles.map((bundle) => ({ name: bundle.label === 'working tree' ? 'edgefuse' : `edgefuse @ ${bundle.label}`, source: { bundleDir: bundle.dir, vars }, requests })),
    ];
    const perRound = new Map<string, number[]>();
    const counts = new Map<string, number>();
    /** The bare Worker's CPU per request beside each kind of request (by the edgefuse route), per round. */
    const bareBeside = new Map<string, number[]>();
    const vsBare = new Map<string, number[]>();
    const cold = new Map<string, ColdStart[]>();
    for (let round = 0; round < options.rounds; round++) {
      // Rotate the start order so no variant always starts first (or right after another's start-up).
      const order = variants.map((_, index) => variants[(index + round) % variants.length]).filter((variant) => variant !== undefined);
      const isolates: { variant: (typeof variants)[number]; isolate: BundleIsolate }[] = [];
      try {
        for (const variant of order) {
          signal?.throwIfAborted();
          const isolate = await startBundleIsolate(variant.source);
          isolates.push({ variant, isolate });
          const [first, second] = coldRequestsOf(variant);
          if (first === undefined) continue;
          cold.set(variant.name, [...(cold.get(variant.name) ?? []), await coldStartOf(isolate, first, second, () => startBundleIsolate(variant.source), 'bundleDir' in variant.source)]);
        }
        // More cold starts (one per variant in turn, each a fresh workerd, disposed at once): a
        // single cold start per round is too noisy to compare.
        for (let extra = 1; extra < options.coldStarts; extra++) {
          for (const variant of order) {
            const [first, second] = coldRequestsOf(variant);
            if (first === undefined) continue;
            signal?.throwIfAborted();
            const fresh = await startBundleIsolate(variant.source);
            try {
              cold.set(variant.name, [...(cold.get(variant.name) ?? []), await coldStartOf(fresh, first, second, () => startBundleIsolate(variant.source), 'bundleDir' in variant.source)]);
            } finally {
              await fresh.dispose();
            }
          }
        }
        for (const { variant, isolate } of isolates) {
          for (const request of variant.requests) for (let i = 0; i < WARM_UP_REQUESTS; i++) await send(isolate, request);
        }
        // Every variant's requests of one kind interleaved in blocks, so the machine's drift (other
        // jobs, frequency) hits them alike; the bare Worker runs its one route beside each kind.
        for (const [kind, edgefuseRequest] of requests.entries()) {
          const count = edgefuseRequest.images > 1 ? Math.max(1, Math.round(options.requests / 5)) : options.requests;
          const blocks = Math.max(1, Math.round(count / BLOCK_REQUESTS));
          const spent = new Map<string, number>();
          for (let block = 0; block < blocks; block++) {
            signal?.throwIfAborted();
            for (const { variant, isolate } of isolates) {
              const request = variant.requests[kind] ?? variant.requests[0];
              if (request === undefined) continue;
              // The baselines' requests are cheap: a full block every turn keeps their figures steady.
              const perBlock = isBaseline(variant.name) ? BLOCK_REQUESTS : Math.round(count / blocks);
              const { cpuMs } = await measure(isolate, async () => {
                for (let i = 0; i < perBlock; i++) await send(isolate, request);
              });
              const key = `${variant.name}\u0000${request.route}`;
              spent.set(key, (spent.get(key) ?? 0) + cpuMs / (perBlock * blocks));
              // Requests per round (the bare Worker's add up over the kinds it ran beside).
              if (round === 0 && block === 0) counts.set(key, (counts.get(key) ?? 0) + perBlock * blocks);
            }
          }
          const bareKey = `${BARE}\u0000${variants[0]?.requests[0]?.route ?? ''}`;
          const bareNow = spent.get(bareKey);
          if (bareNow !== undefined) bareBeside.set(edgefuseRequest.route, [...(bareBeside.get(edgefuseRequest.route) ?? []), bareNow]);
          for (const [key, cpuMsPerRequest] of spent) {
            perRound.set(key, [...(perRound.get(key) ?? []), cpuMsPerRequest]);
            const [variant, route] = key.split('\u0000');
            if (variant !== BARE && bareNow !== undefined) vsBare.set(key, [...(vsBare.get(key) ?? []), cpuMsPerRequest - bareNow]);
            log(`  round ${round + 1}/${options.rounds} ${variant}: ${route} ${cpuMsPerRequest.toFixed(3)} ms CPU per request${variant !== BARE && bareNow !== undefined ? ` (bare beside it ${bareNow.toFixed(3)})` : ''}`);
          }
        }
      } finally {
        await Promise.all(isolates.map(({ isolate }) => isolate.dispose()));
      }
    }
    const rows = [...perRound].map(([key, values]): InIsolateRow => {
      const [variant = '', route = ''] = key.split('\u0000');
      // The bare Worker ran beside every kind of request: one value per kind and round.
      const deltas = vsBare.get(key);
      return {
        variant, route, requests: counts.get(key) ?? 0, cpuMsPerRequest: values, medianCpuMs: median(values),
        ...(deltas === undefined ? {} : { vsBareMs: deltas, medianVsBareMs: median(deltas) }),
      };
    });
    const medianCold = (starts: ColdStart[]): ColdStart => {
      type PredictField = 'firstPredictWallMs' | 'firstPredictCpuMs' | 'predictFirstWallMs' | 'predictFirstCpuMs';
      type PhasesField = 'firstPredictPhases' | 'predictFirstPhases';
      const pick = (field: Exclude<keyof ColdStart, PredictField | PhasesField>) => median(starts.map((start) => start[field]));
      const pickPredict = (field: PredictField) => {
        const values = starts.flatMap((start) => {
          const value = start[field];
          return value === null || value === undefined ? [] : [value];
        });
        return values.length === 0 ? null : median(values);
      };
      return {
        readyWallMs: pick('readyWallMs'), readyCpuMs: pick('readyCpuMs'), firstHealthzWallMs: pick('firstHealthzWallMs'),
        firstHealthzCpuMs: pick('firstHealthzCpuMs'), firstPredictWallMs: pickPredict('firstPredictWallMs'), firstPredictCpuMs: pickPredict('firstPredictCpuMs'),
        predictFirstWallMs: pickPredict('predictFirstWallMs'), predictFirstCpuMs: pickPredict('predictFirstCpuMs'),
        firstPredictPhases: medianPhases(starts.map((start) => start.firstPredictPhases)), predictFirstPhases: medianPhases(starts.map((start) => start.predictFirstPhases)),
      };
    };
    return {
      rounds: options.rounds,
      rows,
      cold: [...cold].map(([variant, starts]) => ({ variant, rounds: starts, median: medianCold(starts) })),
      loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
    };
  } finally {
    await Promise.all(bundles.map((bundle) => bundle.remove()));
  }
}
