import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ModelArchitecture } from '../../trainer/model/model-architectures';

/** How to get PyTorch for the system python (Debian bookworm ships PyTorch 1.13). */
export const TORCH_INSTALL_HINT = 'sudo apt-get install -y python3-torch';

/** Architectures `torch-peer.py` can build (`mobilenet-tiny` has no PyTorch twin). */
export const TORCH_PEER_ARCHITECTURES = ['cnn-small', 'cnn-compact', 'cnn-3conv'] as const satisfies readonly ModelArchitecture[];

const TORCH_PEER_SCRIPT = fileURLToPath(new URL('./torch-peer.py', import.meta.url));

/**
 * The python that runs the peer: `EDGEFUSE_PYTHON` if set, else `/usr/bin/python3` — the system
 * python Debian's `python3-torch` installs for, not whatever python (pyenv, venv) is first on PATH.
 */
export function torchPython(): string {
  return process.env.EDGEFUSE_PYTHON || '/usr/bin/python3';
}

/** Whether `python` can import torch, and its version, or why not. */
export type TorchDetection = { ok: true; version: string } | { ok: false; reason: string };

/** What to train in PyTorch: the same model, batch, loss and optimizer as the edgefuse measurement. */
export interface TorchPeerOptions {
  model: (typeof TORCH_PEER_ARCHITECTURES)[number];
  batchSize: number;
  /** Intra-op threads (`torch.set_num_threads`); inter-op threads are always 1. */
  threads: number;
  warmupSteps: number;
  measuredSteps: number;
  lr: number;
  labelSmoothing: number;
  /** Dropout rate before each dense layer (0 = none), as in the edgefuse model. */
  dropout: number;
  /** Directory of MNIST's IDX files (`mnistDataDir()`). */
  mnistDir: string;
  /** Use the first N training examples (0 = all). */
  trainLimit: number;
  numClasses: number;
  seed: number;
  /** Python executable (default: `torchPython()`). */
  python?: string;
}

const torchPeerResultSchema = z.object({
  samplesPerSecond: z.number().positive(),
  threads: z.number().int().positive(),
  torchVersion: z.string().min(1),
  measuredSteps: z.number().int().positive(),
  finalLoss: z.number().nullable(),
});

/** The peer's measurement, as `torch-peer.py` prints it. */
export type TorchPeerResult = z.infer<typeof torchPeerResultSchema>;

interface ProcessOutput {
  stdout: string;
  stderr: string;
  /** Why the process failed (spawn error, non-zero exit, signal); undefined when it exited 0. */
  failure: string | undefined;
}

/**
 * glibc settings for the peer: PyTorch's CPU allocator frees its large activation buffers every
 * step, and glibc hands them back to the kernel (munmap) and faults them in again on the next
 * step. On these VMs that made the same PyTorch run 1–5× slower from one process to the next
 * (a 2.8 MB layout reorder took 0.1 ms in one process, 6.8 ms in another). Keeping freed memory
 * in the process, as PyTorch's CPU tuning guides do with jemalloc or tcmalloc, makes the peer
 * steady at its best (5,300 samples/s on 1 thread, 6,200 on 2, measured here). A value the user
 * already set is kept.
 */
const PEER_MALLOC_ENV = {
  MALLOC_MMAP_THRESHOLD_: String(2 ** 32),
  MALLOC_TRIM_THRESHOLD_: String(2 ** 32),
  MALLOC_TOP_PAD_: String(2 ** 28),
} as const;

/** Runs `file args` without a shell and collects its output; never rejects. */
function run(file: string, args: readonly string[], timeoutMs: number): Promise<ProcessOutput> {
  return new Promise((resolve) => {
    const env = { ...PEER_MALLOC_ENV, ...process.env };
    execFile(file, [...args], { timeout: timeoutMs, maxBuffer: 16 * 2 ** 20, encoding: 'utf8', env }, (error, stdout, stderr) => {
      let failure: string | undefined;
      if (error) {
        const { code, signal, killed } = error;
        if (code === 'ENOENT') failure = `${file} not found`;
        else if (signal) failure = `${file} was killed by ${signal}${killed === true && timeoutMs > 0 ? ` after ${timeoutMs / 1000} s` : ''}`;
        else failure = `${file} exited with code ${String(code)}`;
      }
      resolve({ stdout, stderr, failure });
    });
  });
}

/** The last `lines` non-empty lines of `text`. */
function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').filter((line) => line.trim() !== '').slice(-lines).join('\n');
}

/**
 * Checks whether `python` can import torch.
 *
 * @example
 * const torch = await detectTorch();
 * if (!torch.ok) console.error(`no PyTorch: ${torch.reason}; ${TORCH_INSTALL_HINT}`);
 */
export async function detectTorch(python: string = torchPython()): Promise<TorchDetection> {
  const { stdout, stderr, failure } = await run(python, ['-c', 'import torch; print(torch.__version__)'], 60_000);
  if (failure !== undefined) {
    const last = tail(stderr, 1);
    return { ok: false, reason: last === '' ? failure : `${python}: ${last}` };
  }
  const version = stdout.trim();
  return version === '' ? { ok: false, reason: `${python} printed no torch version` } : { ok: true, version };
}

/**
 * Runs `torch-peer.py` (untimed warm-up, then timed steps of the full training loop) and returns
 * its measurement. Throws with the tail of python's stderr when it fails or prints no result.
 */
export async function runTorchPeer(options: TorchPeerOptions): Promise<TorchPeerResult> {
  const python = options.python ?? torchPython();
  const args = [
    TORCH_PEER_SCRIPT,
    '--mnist-dir', options.mnistDir,
    '--model', options.model,
    '--batch-size', String(options.batchSize),
    '--threads', String(options.threads),
    '--warmup-steps', String(options.warmupSteps),
    '--steps', String(options.measuredSteps),
    '--lr', String(options.lr),
    '--label-smoothing', String(options.labelSmoothing),
    '--dropout', String(options.dropout),
    '--train-limit', String(options.trainLimit),
    '--num-classes', String(options.numClasses),
    '--seed', String(options.seed),
  ];
  const { stdout, stderr, failure } = await run(python, args, 0);
  const stderrTail = tail(stderr, 15);
  if (failure !== undefined) {
    throw new Error(`torch peer failed: ${failure}${stderrTail === '' ? '' : `; stderr:\n${stderrTail}`}`);
  }
  const lastLine = tail(stdout, 1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(lastLine);
  } catch {
    throw new Error(`torch peer printed no JSON result (last stdout line: ${JSON.stringify(lastLine)})${stderrTail === '' ? '' : `; stderr:\n${stderrTail}`}`);
  }
  const result = torchPeerResultSchema.safeParse(parsed);
  if (!result.success) {
    throw new Error(`torch peer printed an unexpected result ${lastLine}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  }
  return result.data;
}
