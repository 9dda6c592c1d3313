import { PREDICT_PHASES } from '../serve/predict-phases-of';
import type { PredictPhasesMs } from '../serve/predict-phases-of';
import type { BenchRecord } from './render-benchmarks-md';

type Row = Record<string, unknown>;

const ms = (value: unknown, digits = 2): string => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–');
const BARE = 'bare Worker';
/** The bench's third baseline (cold starts only): bench/serve/run-in-isolate-bench.ts. */
const BARE_R2 = 'bare Worker, reads a POST body and R2';

/** The acceptance bound of a route, ms above the bare Worker (issue 18), or '' when it has none. */
function bound(route: string): string {
  if (route === 'GET /healthz') return '≤ +0.2';
  if (route === 'predict PNG 28×28') return '≤ +0.8';
  return '';
}

/**
 * Each edgefuse variant's first predict minus the first POST of the bare Worker that reads the
 * body and R2 (medians): the cold cost of the worker's own code, without the runtime's and the R2
 * simulator's. Older records (no such baseline) get no line.
 */
function ownColdCost(cold: readonly Row[]): string[] {
  const medianOf = (row: Row | undefined, field: string) => {
    const value = (row?.median as Row | undefined)?.[field];
    return typeof value === 'number' ? value : undefined;
  };
  const baseline = cold.find((row) => row.variant === BARE_R2);
  const scenarios = [
    { name: 'after a first /healthz', wall: 'firstPredictWallMs', cpu: 'firstPredictCpuMs' },
    { name: 'as the first request', wall: 'predictFirstWallMs', cpu: 'predictFirstCpuMs' },
  ];
  const lines = cold.flatMap((row) => {
    if (String(row.variant).startsWith(BARE)) return [];
    const parts = scenarios.flatMap(({ name, wall, cpu }) => {
      const [ownWall, ownCpu, baseWall, baseCpu] = [medianOf(row, wall), medianOf(row, cpu), medianOf(baseline, wall), medianOf(baseline, cpu)];
      if (ownWall === undefined || ownCpu === undefined || baseWall === undefined || baseCpu === undefined) return [];
      return [`${name} ${ms(ownWall - baseWall, 1)} ms wall (CPU ${ms(ownCpu - baseCpu, 1)})`];
    });
    return parts.length === 0 ? [] : [`- ${String(row.variant)}: ${parts.join('; ')}`];
  });
  return lines.length === 0 ? [] : ["The worker's own cold cost, without the runtime's and the R2 simulator's: each first predict minus the same first POST of the bare Worker that reads the body and R2, medians:", '', ...lines, ''];
}

/** One predict's phases from a record (`firstPredictPhases` or `predictFirstPhases` of a median), if it has them. */
function phasesOf(value: unknown): PredictPhasesMs | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const phases = value as Row;
  return PREDICT_PHASES.every((key) => typeof phases[key] === 'number') ? (phases as unknown as PredictPhasesMs) : undefined;
}

/**
 * Where each edgefuse variant's cold predicts went, from their own log lines (medians): decode,
 * preprocess, the load still pending after the decode, inference, and the rest of the wall time
 * (the route, the body, the R2 pointer, the response). Older records (no phases) get no line.
 */
function coldPhases(cold: readonly Row[]): string[] {
  const scenarios = [
    { name: 'after a first /healthz', phases: 'firstPredictPhases', wall: 'firstPredictWallMs' },
    { name: 'as the first request', phases: 'predictFirstPhases', wall: 'predictFirstWallMs' },
  ];
  const lines = cold.flatMap((row) => {
    const median = (row.median ?? {}) as Row;
    const parts = scenarios.flatMap(({ name, phases, wall }) => {
      const split = phasesOf(median[phases]);
      const total = median[wall];
      if (split === undefined || typeof total !== 'number') return [];
      const rest = total - split.decodeMs - split.preprocessMs - split.loadMs - split.inferMs;
      return [`${name}: decode ${ms(split.decodeMs, 1)}, preprocess ${ms(split.preprocessMs, 1)}, load ${ms(split.loadMs, 1)}, inference ${ms(split.inferMs, 1)}, the rest ${ms(rest, 1)} of ${ms(total, 1)} ms`];
    });
    return parts.length === 0 ? [] : [`- ${String(row.variant)}: ${parts.join('; ')}`];
  });
  if (lines.length === 0) return [];
  return [
    "Where those cold predicts went, from each one's own log line (`decode_ms`, `preprocess_ms`, `load_ms`: the model's load and tfjs' start still pending after the decode, `infer_ms`), medians; workerd's local clock advances in whole ms. The rest is everything around those phases: the runtime delivering the request and the response, the route and its checks, reading the body, the R2 pointer read (miniflare's simulator, cold too) with tfjs' start running while it waits, the response and the log line:",
    '',
    ...lines,
    '',
  ];
}

/**
 * The "CPU per request inside workerd" section of BENCHMARKS.md (lines, ending with a blank
 * one), from `bench:serve`'s in-isolate result: a `serve-isolate` record (`--isolate-only`) or the
 * `inIsolate` field of a full `serve` run, whichever is given.
 */
export function renderServeIsolateMd(record: BenchRecord | undefined): string[] {
  const parts = ['## CPU per request inside workerd', ''];
  const result = (record?.result.inIsolate ?? record?.result) as Row | undefined;
  const rows = Array.isArray(result?.rows) ? (result.rows as Row[]) : [];
  if (record === undefined || result === undefined || rows.length === 0) {
    return [...parts, '_No result yet: run `npm run bench:serve -- --isolate-only --compare <ref>` (writes bench-results/serve-isolate.json)._', ''];
  }
  const variants = [...new Set(rows.map((row) => String(row.variant)))];
  // Baselines (the bare Worker, and one that reads a POST body) are rows; each edgefuse build is a column.
  const isBaseline = (variant: unknown) => String(variant).startsWith(BARE);
  const edgefuse = variants.filter((variant) => !isBaseline(variant));
  const routes = [...new Set(rows.filter((row) => !isBaseline(row.variant)).map((row) => String(row.route)))];
  const otherBaselines = rows.filter((row) => isBaseline(row.variant) && row.variant !== BARE);
  const cell = (variant: string, route: string) => rows.find((row) => row.variant === variant && row.route === route);
  const bare = rows.find((row) => row.variant === BARE)?.medianCpuMs;
  const range = (row: Row | undefined) => {
    const values = Array.isArray(row?.cpuMsPerRequest) ? (row.cpuMsPerRequest as number[]) : [];
    return values.length === 0 ? '–' : `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
  };
  const load = result.loadAverage as { before?: number; after?: number } | undefined;
  const cold = Array.isArray(result.cold) ? (result.cold as Row[]) : [];
  const coldStarts = cold.reduce((most, row) => Math.max(most, Array.isArray(row.rounds) ? row.rounds.length : 1), 1);
  const { machine } = record;
  return [
    ...parts,
    `workerd's own CPU time per request (read from /proc, so Workers' frozen clocks do not matter), over the \`wrangler deploy --dry-run\` bundle run by miniflare without the \`wrangler dev\` proxy; sequential requests (a batch of 32 gets a fifth as many), median of ${ms(result.rounds, 0)} rounds; each round starts a fresh workerd per variant (in rotating order) and interleaves the variants' requests in blocks of 40, so the machine's drift hits them alike. "− bare" is paired: each round's figure minus the bare Worker's in the blocks beside it, median over rounds. ` +
      `The bare Worker answers \`{"status":"ok"}\` and nothing else: its ${ms(bare, 3)} ms are the runtime's and miniflare's own cost of a request. ${otherBaselines.length > 0 ? 'A second bare Worker reads the predict PNG as a POST body: its difference from the first is the runtime\'s own cost of receiving a body, which every predict pays before the worker\'s code runs.' : ''} Load average ${ms(load?.before)} → ${ms(load?.after)} on ${machine.cores} cores.`,
    '',
    `| route | ${edgefuse.map((variant) => `${variant} CPU ms (min–max)`).join(' | ')} | ${edgefuse.map((variant) => `${variant} − bare`).join(' | ')} | bound |`,
    `| --- | ${edgefuse.map(() => '---').join(' | ')} | ${edgefuse.map(() => '---').join(' | ')} | --- |`,
    `| bare Worker | ${edgefuse.map(() => `${ms(bare, 3)} (${range(rows.find((row) => row.variant === BARE))})`).join(' | ')} | ${edgefuse.map(() => '').join(' | ')} | |`,
    ...otherBaselines.map((row) => {
      const delta = typeof row.medianVsBareMs === 'number' ? `+${ms(row.medianVsBareMs)}` : '–';
      return `| ${String(row.variant)}: ${String(row.route)} | ${edgefuse.map(() => `${ms(row.medianCpuMs, 3)} (${range(row)})`).join(' | ')} | ${edgefuse.map(() => delta).join(' | ')} | |`;
    }),
    ...routes.map((route) => {
      const cells = edgefuse.map((variant) => cell(variant, route));
      // Paired (minus the bare Worker measured beside the same requests, median over rounds) when
      // the record has it; older records: the difference of the two medians.
      const deltaOf = (row: Row | undefined) => {
        if (typeof row?.medianVsBareMs === 'number') return row.medianVsBareMs;
        return typeof row?.medianCpuMs === 'number' && typeof bare === 'number' ? row.medianCpuMs - bare : undefined;
      };
      const deltas = cells.map((row) => {
        const delta = deltaOf(row);
        return delta === undefined ? '–' : `${delta >= 0 ? '+' : ''}${ms(delta)}`;
      });
      return `| ${route} | ${cells.map((row) => `${ms(row?.medianCpuMs, 3)} (${range(row)})`).join(' | ')} | ${deltas.join(' | ')} | ${bound(route)} |`;
    }),
    '',
    `Cold start, median of ${coldStarts} fresh isolates per variant: spawn → runtime ready (workerd listening, modules evaluated), then the first \`GET /healthz\` (the bare Workers: their first request), then the first predict (PNG 28×28; the POST-reading bare Workers: their first POST of that PNG, the runtime's own cold cost of a request body, and for the one that reads R2, of miniflare's R2 simulator serving its first read too), and, in another fresh isolate each time, the same predict as its first request (how a deployed worker's cold isolate usually meets one: it also pays every per-isolate first-request cost the \`/healthz\` paid above), in wall ms (noisy on a shared machine) and workerd CPU ms; the predicts' ranges over the isolates in brackets. Issue 18's bound (≤ 30 ms) is on the first predict after the runtime is ready.`,
    '',
    '| variant | runtime ready | first /healthz | then the first predict | a predict as the first request |',
    '| --- | --- | --- | --- | --- |',
    ...cold.map((row) => {
      const median = (row.median ?? {}) as Row;
      const starts = Array.isArray(row.rounds) ? (row.rounds as Row[]) : [];
      const walls = starts.map((start) => start.firstPredictWallMs).filter((value): value is number => typeof value === 'number');
      const spread = walls.length > 1 ? ` [${ms(Math.min(...walls), 1)}–${ms(Math.max(...walls), 1)}]` : '';
      const firstWalls = starts.map((start) => start.predictFirstWallMs).filter((value): value is number => typeof value === 'number');
      const firstSpread = firstWalls.length > 1 ? ` [${ms(Math.min(...firstWalls), 1)}–${ms(Math.max(...firstWalls), 1)}]` : '';
      return `| ${String(row.variant)} | ${ms(median.readyWallMs, 0)} ms (CPU ${ms(median.readyCpuMs, 0)}) | ${ms(median.firstHealthzWallMs, 1)} ms (CPU ${ms(median.firstHealthzCpuMs, 1)}) | ${ms(median.firstPredictWallMs, 1)} ms (CPU ${ms(median.firstPredictCpuMs, 1)})${spread} | ${ms(median.predictFirstWallMs, 1)} ms (CPU ${ms(median.predictFirstCpuMs, 1)})${firstSpread} |`;
    }),
    '',
    ...ownColdCost(cold),
    ...coldPhases(cold),
    `Measured ${record.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${machine.cores}× ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}. Reproduce: \`${record.command}\`.`,
    '',
  ];
}
