import { describe, expect, it } from 'vitest';
import { isPredictLogLine, predictPhasesOf } from '../../../bench/serve/predict-phases-of';

// A predict log line as worker/observability/predict-log-line.ts writes it (JSON.stringify, one line).
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ event: 'predict', transport: 'http', request_id: 'r1', model: 'mnist', version: '1', images: 1, top1_label: '7', top1_score: 0.94, top1_score_min: 0.94, ...fields, status: 200, code: 'ok' });

describe('predictPhasesOf', () => {
  it('should read the four phase times of a successful predict', () => {
    expect(predictPhasesOf(line({ decode_ms: 3, preprocess_ms: 0, load_ms: 2.5, infer_ms: 5 }))).toEqual({ decodeMs: 3, preprocessMs: 0, loadMs: 2.5, inferMs: 5 });
  });

  it('should answer null for a refused predict (no phases), another line, or none', () => {
    expect(predictPhasesOf(JSON.stringify({ event: 'predict', status: 415, code: 'unsupported_media_type' }))).toBeNull();
    expect(predictPhasesOf(line({ decode_ms: 3, preprocess_ms: 0, load_ms: '2', infer_ms: 5 }))).toBeNull();
    expect(predictPhasesOf('tfjs wasm backend failed to initialize; inference falls back to the cpu backend')).toBeNull();
    expect(predictPhasesOf('{"event":"predict", truncated')).toBeNull();
    expect(predictPhasesOf(undefined)).toBeNull();
  });
});

describe('isPredictLogLine', () => {
  it('should tell the predict line from the worker\'s other output', () => {
    expect(isPredictLogLine(line({ decode_ms: 1, preprocess_ms: 0, load_ms: 0, infer_ms: 1 }))).toBe(true);
    expect(isPredictLogLine('model mnist@2 unavailable: artifact file weights.bin has 1 bytes, manifest says 2')).toBe(false);
    expect(isPredictLogLine(JSON.stringify({ event: 'describe' }))).toBe(false);
  });
});
