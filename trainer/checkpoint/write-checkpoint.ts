import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../../shared/artifact';
import { writeFileAtomic } from '../io/write-file-atomic';
import type { CheckpointState } from './checkpoint-state';

/** Checkpoint directories are `step-<9 digits>` so they sort by step. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What a checkpoint holds besides the files' hashes, which `writeCheckpoint` computes. */
export type CheckpointContent = Omit<CheckpointState, 'files' | 'createdAt'>;

/**
 * Writes one checkpoint into `root` atomically: every file is written and fsynced into a hidden
 * staging directory, which is then renamed to `step-<n>` (and the parent fsynced), so a crash
 * leaves either no checkpoint for that step or a complete one. Keeps the newest `keep`.
 */
export async function writeCheckpoint(
  root: string,
  content: CheckpointContent,
  tensors: readonly Float32Array[],
  order: Uint32Array,
  keep: number,
): Promise<string> {
  await mkdir(root, { recursive: true });
  const name = checkpointName(content.step);
  const staging = join(root, `.${name}.tmp-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
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
  const state: CheckpointState = { ...content, files, createdAt: new Date().toISOString() };
  await writeFileAtomic(join(staging, 'state.json'), `${JSON.stringify(state)}\n`);
  const target = join(root, name);
  await rm(target, { recursive: true, force: true });
  await rename(staging, target);
  fsyncDirectory(root);

  const kept = (await readdir(root)).filter((entry) => /^step-\d{9}$/.test(entry)).sort();
  for (const old of kept.slice(0, Math.max(0, kept.length - keep))) await rm(join(root, old), { recursive: true, force: true });
  return target;
}
