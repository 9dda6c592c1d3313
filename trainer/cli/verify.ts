import { ArtifactError, MANIFEST_FILE, parseManifest, verifyArtifactFiles } from '../../shared/artifact';
import { readArtifactDir } from '../predict/read-artifact-dir';
import { parseCliFlags, UsageError } from './parse-cli-flags';
import { runCli } from './run-cli';

const USAGE = `usage: npm run verify -- <artifact-dir>\n\nChecks the manifest and the size and sha256 of every file it lists.\nExit 0 and one OK line, or exit 2 and one line naming what is wrong.\n`;

/** Size in KB with one decimal. */
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

runCli('verify', async () => {
  const { positionals, help } = parseCliFlags(process.argv.slice(2), []);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  const [dir, extra] = positionals;
  if (dir === undefined) throw new UsageError('missing <artifact-dir> (usage: npm run verify -- <artifact-dir>)');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  try {
    const source = await readArtifactDir(dir);
    const manifestBytes = source.files.get(MANIFEST_FILE);
    if (manifestBytes === undefined) throw new ArtifactError(`${MANIFEST_FILE} is missing`);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(manifestBytes));
    } catch {
      throw new ArtifactError(`${MANIFEST_FILE} is not valid JSON`);
    }
    const manifest = parseManifest(json);
    await verifyArtifactFiles(manifest, source.files);
    const total = manifest.files.reduce((sum, file) => sum + file.bytes, manifestBytes.byteLength);
    const files = manifest.files.map((file) => `${file.path} ${kb(file.bytes)}`).join(', ');
    process.stdout.write(
      `OK ${dir}: ${manifest.name} v${manifest.version}, weights ${manifest.quantization?.format ?? 'unrecorded format'}; ` +
        `${files}, ${MANIFEST_FILE} ${kb(manifestBytes.byteLength)} (total ${kb(total)}, sha256 verified)\n`,
    );
  } catch (error) {
    // A broken artifact is bad input: one line naming the directory and the problem, exit 2.
    if (error instanceof ArtifactError) throw new UsageError(`${dir}: ${error.message}`);
    if (error instanceof Error && error.message.startsWith('cannot read artifact directory')) throw new UsageError(error.message);
    throw error;
  }
});
