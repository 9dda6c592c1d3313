import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../../shared/artifact';
import { writeFileAtomic } from '../io/write-file-atomic';
import type { SavedTrainState } from '../train/train-state';
import { CHECKPOINT_FORMAT } from './checkpoint-state';
import type { CheckpointState } from './checkpoint-state';

/** Checkpoint directories are `step-<9 digits>` so they sort by step. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

/** What a crash can leave in a checkpoint root: a staging (`.tmp-`) or half-removed (`.removing-`) directory. */
const LEFTOVER = /^\.step-\d{9}\.(tmp|removing)-\d+$/;

/**
 * Removes checkpoint `name` so that no reader ever sees it half-deleted: it is renamed to a hidden
 * sibling first (one atomic step), and only that is deleted file by file. A crash in between
 * leaves a hidden leftover, which the next `writeCheckpoint` sweeps.
 */
async function removeCheckpoint(root: string, name: string): Promise<void> {
  const doomed = join(root, `.${name}.removing-${process.pid}`); // free: writeCheckpoint swept leftovers first
  try {
    await rename(join(root, name), doomed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(doomed, { recursive: true, force: true });
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What a checkpoint holds: the training state, its tensors' names and shapes, and the run's config. */
export interface CheckpointContent {
  saved: SavedTrainState;
  /** One per `saved.tensors` entry. */
  tensors: CheckpointState['tensors'];
  config: Record<string, unknown>;
  configHash: string;
}

/**
 * Writes one checkpoint into `root` atomically: every file is written and fsynced into a hidden
 * staging directory, which is then renamed to `step-<n>` (and the parent fsynced), so a crash
 * leaves either no checkpoint for that step or a complete one. Keeps the newest `keep`, removing
 * older ones the same way round (renamed away, then deleted), so every `step-<n>` directory a
 * reader lists is complete. Leftovers of a crashed writer are swept first.
 */
export async function writeCheckpoint(root: string, content: CheckpointContent, keep: number): Promise<string> {
  const { saved } = content;
  const tensors = [...saved.tensors, ...saved.best];
  const { order } = saved;
  await mkdir(root, { recursive: true });
  for (const entry of await readdir(root)) {
    if (LEFTOVER.test(entry)) await rm(join(root, entry), { recursive: true, force: true });
  }
  const name = checkpointName(saved.stream.step);
  const staging = join(root, `.${name}.tmp-${process.pid}`);
  await mkdir(staging);
  const total = tensors.reduce((sum, tensor) => sum + tensor.length, 0);
  const packed = new Float32Array(total);
  let offset = 0;
  for (const tensor of tensors) {
    packed.set(tensor, offset);
    offset += tensor.length;
  }
  const tensorBytes = new Uint8Array(packed.buffer);
  const orderBytes = new Uint8Array(order.buffer, order.byteOffset, order.byteLength);
  const files = [
    { path: 'tensors.bin', bytes: tensorBytes.byteLength, sha256: await sha256Hex(tensorBytes) },
    { path: 'order.bin', bytes: orderBytes.byteLength, sha256: await sha256Hex(orderBytes) },
  ];
  await writeFileAtomic(join(staging, 'tensors.bin'), tensorBytes);
  await writeFileAtomic(join(staging, 'order.bin'), orderBytes);
  const state: CheckpointState = {
    formatVersion: CHECKPOINT_FORMAT,
    model: saved.model,
    stream: saved.stream,
    config: content.config,
    configHash: content.configHash,
    tensors: content.tensors,
    files,
    createdAt: new Date().toISOString(),
  };
  await writeFileAtomic(join(staging, 'state.json'), `${JSON.stringify(state)}\n`);
  const target = join(root, name);
  await removeCheckpoint(root, name);
  await rename(staging, target);
  fsyncDirectory(root);

  const kept = (await readdir(root)).filter((entry) => /^step-\d{9}$/.test(entry)).sort();
  for (const old of kept.slice(0, Math.max(0, kept.length - keep))) await removeCheckpoint(root, old);
  return target;
}
