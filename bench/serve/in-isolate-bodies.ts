import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode as encodeJpeg } from 'jpeg-js';
import { pointerKey } from '../../shared/artifact/registry-keys';

/** One request of the in-isolate bench. */
export interface IsolateRequest {
  /** The row's name in the table. */
  route: string;
  path: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Images in the body (per-image figures divide by it). */
  images: number;
}

/** A 224×224 RGB photo-like JPEG (smooth gradients and a disc), quality 90: resized to 28×28 by the worker. */
function photoJpeg(): Uint8Array {
  const size = 224;
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const offset = (y * size + x) * 4;
      const inDisc = (x - 112) ** 2 + (y - 100) ** 2 < 60 ** 2;
      data[offset] = inDisc ? 240 : x;
      data[offset + 1] = inDisc ? 240 : y;
      data[offset + 2] = inDisc ? 230 : (x + y) >> 1;
      data[offset + 3] = 255;
    }
  }
  return new Uint8Array(encodeJpeg({ data, width: size, height: size }, 90).data);
}

/** A multipart body of `count` image parts, as a browser's FormData sends it. */
async function multipartBody(images: readonly Uint8Array<ArrayBuffer>[]): Promise<{ body: Uint8Array; contentType: string }> {
  const form = new FormData();
  images.forEach((bytes, index) => form.append('image', new Blob([bytes], { type: 'image/png' }), `digit-${index}.png`));
  const request = new Request('http://bench.invalid/', { method: 'POST', body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}

/** The requests the in-isolate table measures against an edgefuse bundle. */
export async function edgefuseRequests(root: string): Promise<IsolateRequest[]> {
  const digitsDir = join(root, 'test', 'fixtures', 'digits');
  const index = JSON.parse(await readFile(join(digitsDir, 'index.json'), 'utf8')) as { file: string }[];
  const pngs: Uint8Array<ArrayBuffer>[] = await Promise.all(index.filter(({ file }) => file.endsWith('.png')).map(async ({ file }) => new Uint8Array(await readFile(join(digitsDir, file)))));
  const png: Uint8Array<ArrayBuffer> = new Uint8Array(await readFile(join(root, 'samples', 'digit-7.png')));
  const batch = await multipartBody(Array.from({ length: 32 }, (_, i) => pngs[i % pngs.length] ?? png));
  return [
    { route: 'GET /healthz', path: '/healthz', method: 'GET', images: 0 },
    { route: 'predict PNG 28×28', path: '/v1/predict?top_k=1', method: 'POST', headers: { 'content-type': 'image/png' }, body: png, images: 1 },
    { route: 'predict JPEG 224×224', path: '/v1/predict?top_k=1', method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: photoJpeg(), images: 1 },
    { route: 'predict batch of 32 PNG (multipart)', path: '/v1/predict?top_k=1', method: 'POST', headers: { 'content-type': batch.contentType }, body: batch.body, images: 32 },
  ];
}

/** The bare Worker every figure is compared with: it answers `{"status":"ok"}` and nothing else. */
export const BARE_WORKER_SCRIPT = `export default { fetch() { return Response.json({ status: 'ok' }); } };`;

/**
 * A second baseline: a bare Worker that reads a POST body (the predict PNG's bytes) and answers
 * `{"status":"ok"}`. Its difference from the first is the runtime's (and miniflare's) own cost of
 * receiving a request body, which any predict pays before the worker's code runs.
 */
export const BARE_POST_WORKER_SCRIPT = `export default { async fetch(request) { await request.arrayBuffer(); return Response.json({ status: 'ok' }); } };`;

/**
 * A third baseline, for cold starts only: a bare Worker (with the same empty R2 bucket bound as
 * `MODELS`) whose POST reads the body and then gets the default model's pointer, the one R2 read
 * edgefuse's first predict makes. Its first POST is what a cold predict costs before any of the
 * worker's own code: the runtime's cold cost of a body plus miniflare's R2 simulator serving its
 * first read (its JavaScript, a Durable Object and sqlite, on workerd's thread). A deployed worker
 * waits on the network there instead.
 */
export const BARE_R2_WORKER_SCRIPT = `export default { async fetch(request, env) { if (request.method === 'POST') { await request.arrayBuffer(); await env.MODELS.get(${JSON.stringify(pointerKey('mnist'))}); } return Response.json({ status: 'ok' }); } };`;
