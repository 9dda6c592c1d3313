// `npm run bench:artifacts [-- --from <run-dir>]`: the float model of a training run exported in
// every weight format through the parity gate; sizes, accuracies and agreement per format.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUANTIZATION_FORMATS } from '../../shared/artifact';
import { resolveBackend } from '../../trainer/backends/resolve-backend';
import { writeBenchResult } from '../write-bench-result';
import { loadMnist } from '../../trainer/data/load-mnist';
import { describeFromManifest } from '../../trainer/export/describe-from-manifest';
import { loadFloatSource } from '../../trainer/export/load-float-source';
import { writeArtifact } from '../../trainer/export/write-artifact';
import { FLOAT_MODEL_DIR } from '../../trainer/export/write-float-model';
import { parseCliFlags, UsageError } from '../../trainer/cli/parse-cli-flags';
import { runCli } from '../../trainer/cli/run-cli';

/** The newest `runs/mnist-*` directory that kept its float model. */
async function newestMnistRun(): Promise<string> {
  const runs = (await readdir('runs').catch(() => [] as string[])).filter((name) => name.startsWith('mnist-')).sort().reverse();
  for (const run of runs) {
    if (await stat(join('runs', run, FLOAT_MODEL_DIR)).then(() => true, () => false)) return join('runs', run);
  }
  throw new UsageError('no runs/mnist-*/float found; run `npm run train` first or pass --from <run-dir>');
}

runCli('bench:artifacts', async () => {
  const { values } = parseCliFlags(process.argv.slice(2), [{ flag: 'from', key: 'from', kind: 'string', description: 'run directory' }]);
  const from = typeof values.from === 'string' ? values.from : await newestMnistRun();
  await resolveBackend('auto');
  const source = await loadFloatSource(from);
  const mnist = await loadMnist({ trainLimit: 1 });
  const out = await mkdtemp(join(tmpdir(), 'edgefuse-artifacts-'));
  const rows = [];
  try {
    for (const format of QUANTIZATION_FORMATS) {
      process.stderr.write(`exporting ${format}…\n`);
      const manifest = await writeArtifact(source.model, describeFromManifest(source.manifest), join(out, format), {
        quantize: format,
        allowAccuracyDrop: true,
        parity: { dataset: 'mnist', split: 'test', data: mnist.test, preprocessing: mnist.preprocessing },
      });
      const manifestBytes = (await stat(join(out, format, 'manifest.json'))).size;
      const fileBytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
      rows.push({
        format,
        weightsBytes: manifest.files.find((file) => file.path === 'weights.bin')?.bytes ?? 0,
        totalBytes: fileBytes + manifestBytes,
        floatAccuracy: manifest.evaluation?.floatAccuracy ?? null,
        quantizedAccuracy: manifest.evaluation?.quantizedAccuracy ?? null,
        agreement: manifest.evaluation?.agreement ?? null,
      });
    }
  } finally {
    source.model.dispose();
    await rm(out, { recursive: true, force: true });
  }
  await writeBenchResult('artifacts', `npm run bench:artifacts -- --from ${from}`, { from, rows });
  process.stdout.write(`${'format'.padEnd(8)} ${'total KB'.padStart(9)} ${'accuracy'.padStart(9)} ${'agreement'.padStart(10)}\n`);
  for (const row of rows) {
    process.stdout.write(
      `${row.format.padEnd(8)} ${(row.totalBytes / 1024).toFixed(1).padStart(9)} ${((row.quantizedAccuracy ?? 0) * 100).toFixed(2).padStart(8)}% ${((row.agreement ?? 0) * 100).toFixed(2).padStart(9)}%\n`,
    );
  }
});
