// `npm run publish -- --model models/mnist [--version v] [--activate] [--remote]`: verifies an
// artifact and uploads it to the models bucket with `wrangler r2 object put` — the local
// miniflare R2 that `wrangler dev` uses by default, the real bucket with --remote.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ArtifactError } from '../../shared/artifact';
import { readArtifactDir } from '../predict/read-artifact-dir';
import { planPublish } from '../publish/plan-publish';
import type { PublishPlan } from '../publish/plan-publish';
import { wranglerR2PutArgs } from '../publish/wrangler-r2-put-args';
import { formatFlagHelp, parseCliFlags, UsageError } from './parse-cli-flags';
import type { FlagSpec } from './parse-cli-flags';
import { runCli } from './run-cli';

const run = promisify(execFile);
const WRANGLER = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'wrangler');

const FLAGS: FlagSpec[] = [
  { flag: 'model', key: 'model', kind: 'string', description: 'artifact directory (manifest.json, model.json, weights)' },
  { flag: 'version', key: 'version', kind: 'string', description: "publish under this version (default: the manifest's)" },
  { flag: 'activate', key: 'activate', kind: 'boolean', description: 'point models/<name>/current.json at this version' },
  { flag: 'remote', key: 'remote', kind: 'boolean', description: 'upload to the real bucket instead of the local one' },
  { flag: 'bucket', key: 'bucket', kind: 'string', description: 'bucket name' },
];
const DEFAULTS = { activate: false, remote: false, bucket: 'edgefuse-models' };

async function main(): Promise<void> {
  const { values, positionals, help } = parseCliFlags(process.argv.slice(2), FLAGS);
  if (help) {
    process.stdout.write(`usage: npm run publish -- --model <dir> [flags]\n${formatFlagHelp(FLAGS, DEFAULTS)}\n`);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const model = values.model;
  if (typeof model !== 'string') throw new UsageError('--model <dir> is required');
  const version = typeof values.version === 'string' ? values.version : undefined;
  const bucket = typeof values.bucket === 'string' ? values.bucket : DEFAULTS.bucket;
  const target = values.remote === true ? 'remote' : 'local';

  let plan: PublishPlan;
  try {
    plan = await planPublish(await readArtifactDir(model), { version, activate: values.activate === true });
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(`refusing to publish ${model}: ${error.message}`);
    throw error;
  }

  const staging = await mkdtemp(join(tmpdir(), 'edgefuse-publish-'));
  try {
    for (const [index, object] of plan.objects.entries()) {
      const file = join(staging, String(index));
      await writeFile(file, object.bytes);
      await run(WRANGLER, wranglerR2PutArgs(bucket, object.key, file, object.contentType, target), {
        env: { ...process.env, CI: 'true' },
      });
      process.stdout.write(`put ${target} ${bucket}/${object.key} (${object.bytes.byteLength} bytes)\n`);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const activated = values.activate === true ? ' and activated' : ' (not activated: pass --activate to serve it by default)';
  process.stdout.write(`published ${plan.name}@${plan.version}${activated}\n`);
}

runCli('publish', main);
