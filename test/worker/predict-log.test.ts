import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PredictLogLine } from '../../worker/observability/predict-log-line';
import { createTestApp } from './create-test-app';
import type { PredictJson } from './fetch-worker';
import { digitBytes, toBase64 } from './image-fixtures';
import { callClassifier } from './rpc-caller';

const LINE_FIELDS = new Set([
  'event', 'transport', 'request_id', 'model', 'version', 'images', 'status', 'code',
  'top1_label', 'top1_score', 'top1_score_min', 'decode_ms', 'preprocess_ms', 'load_ms', 'infer_ms',
]);

/** Every predict log line written to `method` while `run` runs, parsed. */
async function captureLines(method: 'log' | 'warn' | 'error', run: () => Promise<unknown>): Promise<{ text: string; line: PredictLogLine }[]> {
  const spy = vi.spyOn(console, method).mockImplementation(() => undefined);
  let calls: unknown[][];
  try {
    await run();
  } finally {
    calls = [...spy.mock.calls];
    spy.mockRestore();
  }
  const texts = calls.map((args) => String(args[0])).filter((text) => text.startsWith('{"event":"predict"'));
  return texts.map((text) => ({ text, line: JSON.parse(text) as PredictLogLine }));
}

afterEach(() => vi.restoreAllMocks());

describe('predict log line', () => {
  it('should log one JSON line per HTTP predict with the outcome and phases, and no bytes, token or headers', async () => {
    const fetchApp = createTestApp({ env: { API_TOKEN: 'secret-token-123' } });
    const png = digitBytes('png');
    let body: PredictJson | undefined;
    const lines = await captureLines('log', async () => {
      const response = await fetchApp('/v1/models/mnist/predict', {
        method: 'POST',
        headers: { 'content-type': 'image/png', authorization: 'Bearer secret-token-123', 'x-request-id': 'log-test-1', 'user-agent': 'agent-xyz' },
        body: png,
      });
      body = (await response.json()) as PredictJson;
    });
    expect(lines).toHaveLength(1);
    const [{ text, line }] = lines as [{ text: string; line: PredictLogLine }];
    const top1 = body?.predictions[0]?.[0];
    expect(line).toMatchObject({
      event: 'predict', transport: 'http', request_id: 'log-test-1', model: 'mnist', version: '1', images: 1,
      status: 200, code: 'ok', top1_label: top1?.label, top1_score: top1?.score, top1_score_min: top1?.score,
    });
    for (const phase of ['decode_ms', 'preprocess_ms', 'load_ms', 'infer_ms'] as const) expect(line[phase]).toBeGreaterThanOrEqual(0);
    expect(Object.keys(line).filter((key) => !LINE_FIELDS.has(key))).toEqual([]);
    for (const secret of ['secret-token-123', 'agent-xyz', 'image/png', toBase64(png).slice(0, 24)]) expect(text).not.toContain(secret);
  });

  it('should log a refused predict with its status and error code', async () => {
    const fetchApp = createTestApp();
    const bad = await captureLines('warn', () =>
      fetchApp('/v1/predict', { method: 'POST', headers: { 'content-type': 'image/png', 'x-request-id': 'log-test-2' }, body: digitBytes('png').slice(0, 40) }),
    );
    expect(bad.map(({ line }) => line)).toEqual([
      expect.objectContaining({ transport: 'http', request_id: 'log-test-2', model: 'mnist', version: '1', images: 1, status: 422, code: 'invalid_image' }),
    ]);
    // Refused by middleware before the handler: still one line, with the code the client got.
    const refused = await captureLines('warn', () =>
      fetchApp('/v1/models/nosuch/predict', { method: 'POST', headers: { 'content-type': 'image/webp' }, body: new Uint8Array([1]) }),
    );
    expect(refused.map(({ line }) => line)).toEqual([
      expect.objectContaining({ model: 'nosuch', version: null, images: null, status: 415, code: 'unsupported_media_type' }),
    ]);
  });

  it('should log RPC predicts the same way', async () => {
    const ok = await captureLines('log', () => callClassifier('predict', { images: [digitBytes('png'), digitBytes('jpg')] }));
    expect(ok.map(({ line }) => line)).toEqual([
      expect.objectContaining({ transport: 'rpc', model: 'mnist', version: '1', images: 2, status: 200, code: 'ok', top1_label: '7' }),
    ]);
    const failed = await captureLines('warn', () => callClassifier('predict', { images: [digitBytes('png')], model: 'nosuch' }));
    expect(failed.map(({ line }) => line)).toEqual([
      expect.objectContaining({ transport: 'rpc', model: 'nosuch', version: null, images: 1, status: 404, code: 'model_not_found' }),
    ]);
  });
});
