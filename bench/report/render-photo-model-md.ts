import type { BenchRecord } from './render-benchmarks-md';

type Row = Record<string, unknown>;

const num = (value: unknown, digits = 0): string => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The "Photo model in workerd" section of BENCHMARKS.md (lines, ending with a blank one). */
export function renderPhotoModelMd(record: BenchRecord | undefined): string[] {
  const parts = ['## Photo model (`mobilenet-v2`) in workerd', ''];
  if (record === undefined) return [...parts, '_No result yet: run `npm run bench:photo` (writes bench-results/photo-model.json)._', ''];
  const rows = Array.isArray(record.result.rows) ? (record.result.rows as Row[]) : [];
  const { machine } = record;
  return [
    ...parts,
    'The uint8 artifact (all files) and the median of 41 batch-1 `predict`s inside workerd (tfjs wasm backend, one thread; workerd\'s clock counts whole ms), 10 classes.',
    'The Workers free plan allows 10 ms of CPU per request.',
    '',
    '| input | width | parameters | multiply-adds | uint8 artifact | batch 1 in workerd |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${num(row.size)}×${num(row.size)}×3 | ${num(row.width, 2)} | ${num(row.parameters)} | ${num(Number(row.multiplyAdds) / 1e6, 1)}M | ${num(Number(row.artifactBytes) / 1024, 1)} KB | ${num(row.medianMs)} ms |`),
    '',
    `The bundled MNIST model (cnn-3conv) measured in the same isolate: ${num(record.result.mnistMs)} ms (0.7–1.6 ms on a quiet machine); the machine's load average was ${num(record.result.loadAverage, 1)} on ${machine.cores} cores ` +
      '(other jobs slow every row alike).',
    '',
    `Measured ${record.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${machine.cores}× ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}. Reproduce: \`${record.command}\`.`,
    '',
  ];
}
