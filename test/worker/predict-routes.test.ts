import { describe, expect, inject, it } from 'vitest';
import type { ErrorJson, PredictJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';
import { bytesOf } from './provided-context';
import './provided-context';

function postImage(bytes: Uint8Array, contentType: string, query = ''): Promise<Response> {
  return fetchWorker(`/v1/predict${query}`, { method: 'POST', headers: { 'content-type': contentType }, body: bytes });
}

function oddImage(name: string): Uint8Array {
  const file = inject('oddImages').find((candidate) => candidate.name === name);
  if (file === undefined) throw new Error(`fixture ${name} missing`);
  return bytesOf(file);
}

describe('POST /v1/predict', () => {
  it('should return the right digit for real MNIST test images as PNG and JPEG', async () => {
    const digits = inject('digits');
    expect(digits.length).toBe(40);
    const top1ByImage = new Map<string, { label: number; top1: number[] }>();
    for (const digit of digits) {
      const type = digit.name.endsWith('.png') ? 'image/png' : 'image/jpeg';
      const response = await postImage(bytesOf(digit), type);
      expect(response.status).toBe(200);
      const body = (await response.json()) as PredictJson;
      const image = digit.name.replace(/\.(png|jpg)$/, '');
      const entry = top1ByImage.get(image) ?? { label: digit.label, top1: [] };
      entry.top1.push(body.predictions[0]?.[0]?.index ?? -1);
      top1ByImage.set(image, entry);
    }
    // PNG and (quality 95) JPEG of the same digit get the same answer.
    for (const [image, { top1 }] of top1ByImage) expect(top1[0], image).toBe(top1[1]);
    // The bundled model scores ≥ 98.5% on the MNIST test set; of these 20 test digits it may
    // miss at most one (test image 18, a 3 that looks like an 8, is the usual one).
    const wrong = [...top1ByImage].filter(([, { label, top1 }]) => top1[0] !== label).map(([image]) => image);
    expect(wrong.length, wrong.join(', ')).toBeLessThanOrEqual(1);
  });

  it('should rank top_k predictions by score with labels and indices', async () => {
    const [digit] = inject('digits');
    if (digit === undefined) throw new Error('no digit fixtures');
    const response = await postImage(bytesOf(digit), 'image/png', '?top_k=3');
    const body = (await response.json()) as PredictJson;
    expect(body.model.name).toBe('mnist');
    const ranked = body.predictions[0] ?? [];
    expect(ranked).toHaveLength(3);
    expect(ranked.map((entry) => entry.score)).toEqual([...ranked.map((entry) => entry.score)].sort((a, b) => b - a));
    for (const entry of ranked) expect(entry.label).toBe(String(entry.index));
  });

  it('should default to the top 5', async () => {
    const [digit] = inject('digits');
    if (digit === undefined) throw new Error('no digit fixtures');
    const body = (await (await postImage(bytesOf(digit), 'image/png')).json()) as PredictJson;
    expect(body.predictions[0]).toHaveLength(5);
  });

  it.each(['0', '11', 'abc', '1.5'])('should refuse top_k=%s with 400', async (value) => {
    const [digit] = inject('digits');
    if (digit === undefined) throw new Error('no digit fixtures');
    const response = await postImage(bytesOf(digit), 'image/png', `?top_k=${value}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error.code).toBe('invalid_parameter');
  });

  it.each([
    ['?top_k=abc', 'query.top_k: must be an integer ≥ 1'],
    ['?top_k=%31%32', null],
    ['?top_k=2&top_k=3', 'query.top_k: '],
  ])('should read %s as the query schema does', async (query, refusal) => {
    const [digit] = inject('digits');
    if (digit === undefined) throw new Error('no digit fixtures');
    const response = await postImage(bytesOf(digit), 'image/png', query);
    if (refusal === null) {
      // Percent-encoded digits decode to top_k=12, over the model's 10 labels: refused by the range check.
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorJson).error.message).toContain('from 1 to 10, got "12"');
      return;
    }
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as ErrorJson;
    expect(error.code).toBe('invalid_parameter');
    expect(error.message.startsWith(refusal)).toBe(true);
  });

  it('should refuse a malformed JSON body before looking up the model, as the route validators did', async () => {
    const malformed = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"instances": [' };
    for (const path of ['/v1/predict', '/v1/models/nosuch/predict']) {
      const response = await fetchWorker(path, malformed);
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorJson).error).toEqual({ code: 'invalid_request', message: 'Malformed JSON in request body' });
    }
    const wellFormed = await fetchWorker('/v1/models/nosuch/predict', { ...malformed, body: JSON.stringify({ instances: [{ b64: 'AAAA' }] }) });
    expect(wellFormed.status).toBe(404);
  });

  it('should answer a wrong content-type with 415', async () => {
    const response = await postImage(new Uint8Array([1, 2, 3]), 'text/plain');
    expect(response.status).toBe(415);
    expect(((await response.json()) as ErrorJson).error).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('should answer corrupt bytes with 422 invalid_image', async () => {
    const response = await postImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]), 'image/png');
    expect(response.status).toBe(422);
    expect(((await response.json()) as ErrorJson).error.code).toBe('invalid_image');
  });

  it('should answer a truncated PNG with 422 invalid_image', async () => {
    const response = await postImage(oddImage('truncated-mnist-test-0.png'), 'image/png');
    expect(response.status).toBe(422);
    expect(((await response.json()) as ErrorJson).error.code).toBe('invalid_image');
  });

  it('should refuse an image over the pixel limit from its header with 413', async () => {
    const response = await postImage(oddImage('forged-huge-100000x100000.png'), 'image/png');
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorJson).error.code).toBe('image_too_large');
  });

  it('should refuse a body over the size limit with 413 payload_too_large', async () => {
    const response = await postImage(new Uint8Array(10 * 1024 * 1024 + 1), 'image/png');
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorJson).error.code).toBe('payload_too_large');
  });

  it('should refuse an empty body with 400', async () => {
    const response = await postImage(new Uint8Array(0), 'image/png');
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error.code).toBe('empty_body');
  });

  it('should accept odd but valid PNGs (RGBA, palette, 16-bit, interlaced)', async () => {
    for (const name of ['rgba-2x2.png', 'palette-2bit-3x2.png', 'gray16-2x2.png', 'interlaced-mnist-test-0.png']) {
      const response = await postImage(oddImage(name), 'image/png');
      expect(response.status, name).toBe(200);
    }
  });
});
