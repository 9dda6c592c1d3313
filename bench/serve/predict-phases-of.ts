/**
 * A predict's phases, ms, as the worker's own log line gives them (`decode_ms`, `preprocess_ms`,
 * `load_ms`, `infer_ms`: worker/observability/predict-log-line.ts). Local workerd's clock advances
 * in whole ms, so one predict's figures are coarse; medians over cold starts still say where a
 * cold predict goes. (Deployed, Workers' clocks stand still during CPU work: these read 0 there.)
 */
export interface PredictPhasesMs {
  decodeMs: number;
  preprocessMs: number;
  /** The model's load and tfjs' start, as far as they were still pending after the decode. */
  loadMs: number;
  inferMs: number;
}

const FIELDS = { decodeMs: 'decode_ms', preprocessMs: 'preprocess_ms', loadMs: 'load_ms', inferMs: 'infer_ms' } as const;

/** The phases, in the order a predict runs them. */
export const PREDICT_PHASES = Object.keys(FIELDS) as (keyof PredictPhasesMs)[];

/** Whether `line` is the worker's predict log line (a JSON object with `"event":"predict"`). */
export function isPredictLogLine(line: string): boolean {
  return line.startsWith('{') && line.includes('"event":"predict"');
}

/** The phases of a successful predict's log line; `null` for any other line, or none. */
export function predictPhasesOf(line: string | undefined): PredictPhasesMs | null {
  if (line === undefined || !isPredictLogLine(line)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const fields: Record<string, unknown> = { ...parsed };
  const phases: Partial<PredictPhasesMs> = {};
  for (const key of PREDICT_PHASES) {
    const value = fields[FIELDS[key]];
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    phases[key] = value;
  }
  return phases as PredictPhasesMs;
}
