// `node --import tsx tools/check-bundled-model.ts [--dir models/mnist]`: wrangler.toml's [build]
// command, run before every bundle (`wrangler deploy`, `wrangler dev`, `wrangler versions upload`).
// The worker bundles this directory's manifest.json, model.json and weights.bin and serves them
// without checking them again (worker/model/bundled-artifact.ts), so they are checked here once,
// as the worker checks an R2 artifact: the manifest's schema, every file's size and sha256, and
// model.json's shape. A bad artifact stops the build with one line naming the directory and
// what is wrong (exit 2); nothing is written.
import { parseArgs } from 'node:util';
import { ArtifactError } from '../shared/artifact';
import { readModelArtifact } from '../shared/model/read-model-artifact';
import { readArtifactDir } from '../trainer/predict/read-artifact-dir';

/** The directory worker/model/bundled-artifact.ts imports. */
const BUNDLED_DIR = 'models/mnist';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: BUNDLED_DIR } }, strict: true });
  const dir = values.dir ?? BUNDLED_DIR;
  let artifact;
  try {
    artifact = await readModelArtifact(await readArtifactDir(dir));
  } catch (error) {
    if (error instanceof ArtifactError) throw new ArtifactError(`${dir} cannot be bundled: ${error.message}`);
    throw error;
  }
  process.stdout.write(`check-bundled-model: ${dir} is ${artifact.manifest.name}@${artifact.manifest.version} (${artifact.manifest.files.length} files, sha256 checked)\n`);
}

main().catch((error: unknown) => {
  // An unreadable directory, a bad flag or a bad artifact: one line, and the build stops.
  const known = error instanceof ArtifactError || (error instanceof Error && (error.message.startsWith('cannot read artifact directory') || 'code' in error));
  // (`code`: node's own errors, e.g. parseArgs' unknown flag.)
  process.stderr.write(`check-bundled-model: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(known ? 2 : 1);
});
