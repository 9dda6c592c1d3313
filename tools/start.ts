// `npm start`: the whole pipeline on the built-in default. Train MNIST unless an artifact made
// with the same config is already in models/mnist, then serve it with `wrangler dev` on
// 127.0.0.1:8787 and print a ready-to-paste curl command.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest, verifyArtifactFiles } from '../shared/artifact';
import { configHash } from '../trainer/config/config-hash';
import { DEFAULT_TRAIN_CONFIG } from '../trainer/config/train-config';
import { readArtifactDir } from '../trainer/predict/read-artifact-dir';
import { UsageError } from '../trainer/cli/parse-cli-flags';
import { runCli } from '../trainer/cli/run-cli';

const HOST = '127.0.0.1';
const PORT = 8787;
const SAMPLE = 'samples/digit-7.png';

/** Why the artifact in `dir` cannot be reused, or undefined when it is up to date. */
async function staleReason(dir: string, wantedHash: string): Promise<string | undefined> {
  try {
    const manifest = parseManifest(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
    await verifyArtifactFiles(manifest, (await readArtifactDir(dir)).files);
    const hash = manifest.training?.configHash;
    return hash === wantedHash ? undefined : `made with another config (${String(hash)} ≠ ${wantedHash})`;
  } catch (error) {
    return `no usable artifact (${(error as Error).message})`;
  }
}

function run(command: string, args: string[]): ChildProcess {
  return spawn(command, args, { stdio: 'inherit', env: process.env });
}

function waitForExit(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} exited with code ${code}`))));
    child.on('error', reject);
  });
}

async function waitUntilReady(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`wrangler dev exited with code ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} not ready after ${timeoutMs / 1000} s`);
}

runCli('start', async () => {
  if (process.argv.length > 2) throw new UsageError('takes no flags; use `npm run train -- …` then `npm run dev` to customize');
  const config = DEFAULT_TRAIN_CONFIG;
  const reason = await staleReason(config.out, configHash(config));
  if (reason === undefined) {
    process.stderr.write(`${config.out} is up to date for the default config; skipping training\n`);
  } else {
    process.stderr.write(`training: ${reason}\n`);
    await waitForExit(run(process.execPath, ['--import', 'tsx', 'trainer/cli/train.ts']), 'training');
  }

  const server = run('wrangler', ['dev', '--ip', HOST, '--port', String(PORT)]);
  const stop = () => server.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await waitUntilReady(`http://${HOST}:${PORT}/readyz`, server, 120_000);
  process.stdout.write(
    `\nedgefuse is serving ${config.out} at http://${HOST}:${PORT}\n\n` +
      `  curl -s -X POST -H 'content-type: image/png' --data-binary @${SAMPLE} 'http://${HOST}:${PORT}/v1/predict?top_k=3'\n\n` +
      `Press Ctrl-C to stop.\n`,
  );
  await waitForExit(server, 'wrangler dev').catch(() => undefined);
});
