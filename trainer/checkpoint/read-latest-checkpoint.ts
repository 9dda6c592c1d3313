import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../../shared/artifact';
import { BEST_PREFIX, CHECKPOINT_FORMAT, checkpointStateSchema } from './checkpoint-state';
import type { Checkpoint } from './checkpoint-state';

/** Reads one checkpoint directory and verifies every file against its recorded size and sha256. */
export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  const json: unknown = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
  const format = typeof json === 'object' && json !== null && 'formatVersion' in json ? json.formatVersion : undefined;
  if (format !== CHECKPOINT_FORMAT) {
    throw new Error(`${dir}: checkpoint format ${JSON.stringify(format)}, this edgefuse reads format ${CHECKPOINT_FORMAT} (start a new run)`);
  }
  const state = checkpointStateSchema.parse(json);
  const files = new Map<string, Uint8Array>();
  for (const entry of state.files) {
    const bytes = new Uint8Array(await readFile(join(dir, entry.path)));
    if (bytes.byteLength !== entry.bytes || (await sha256Hex(bytes)) !== entry.sha256) {
      throw new Error(`${join(dir, entry.path)} does not match its recorded size/sha256`);
    }
    files.set(entry.path, bytes);
  }
  const packed = files.get('tensors.bin') ?? new Uint8Array(0);
  const floats = new Float32Array(packed.slice().buffer);
  const tensors: Float32Array[] = [];
  let offset = 0;
  for (const { shape } of state.tensors) {
    const size = shape.reduce((product, dim) => product * dim, 1);
    tensors.push(floats.slice(offset, offset + size));
    offset += size;
  }
  if (offset !== floats.length) throw new Error(`${dir}: tensors.bin holds ${floats.length} values, state.json describes ${offset}`);
  const orderBytes = files.get('order.bin') ?? new Uint8Array(0);
  const isBest = state.tensors.map(({ name }) => name.startsWith(BEST_PREFIX));
  return {
    dir,
    state,
    saved: {
      model: state.model,
      stream: state.stream,
      tensors: tensors.filter((_, index) => !isBest[index]),
      best: tensors.filter((_, index) => isBest[index]),
      order: new Uint32Array(orderBytes.slice().buffer),
    },
  };
}

/**
 * The newest complete checkpoint under `root` (`step-<n>` directories; staging directories are
 * ignored). A checkpoint whose files fail their size/sha256 check is skipped for the one before.
 * Throws when there is none.
 */
export async function readLatestCheckpoint(root: string): Promise<Checkpoint> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    throw new Error(`no checkpoints in ${root}`);
  }
  const candidates = entries.filter((entry) => /^step-\d{9}$/.test(entry)).sort().reverse();
  const problems: string[] = [];
  for (const candidate of candidates) {
    try {
      return await readCheckpoint(join(root, candidate));
    } catch (error) {
      problems.push(`${candidate}: ${(error as Error).message}`);
    }
  }
  throw new Error(`no usable checkpoint in ${root}${problems.length ? ` (${problems.join('; ')})` : ''}`);
}
