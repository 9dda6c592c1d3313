import { z } from 'zod';

/** Checkpoint layout version written by this build. */
export const CHECKPOINT_FORMAT = 1;

const fileSchema = z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** `state.json` of a checkpoint: everything but the tensors (in `tensors.bin`) and the data order (`order.bin`). */
export const checkpointStateSchema = z.object({
  formatVersion: z.literal(CHECKPOINT_FORMAT),
  /** The next data step to run. */
  step: z.number().int().nonnegative(),
  updates: z.number().int().nonnegative(),
  skippedSteps: z.number().int().nonnegative(),
  clippedSteps: z.number().int().nonnegative(),
  rollbacks: z.number().int().nonnegative(),
  adamStep: z.number().int().nonnegative(),
  /** The epoch whose shuffled order `order.bin` holds. */
  orderEpoch: z.number().int(),
  rng: z.object({ data: z.number().int(), inject: z.number().int(), augment: z.number().int() }),
  fuses: z.record(z.string(), z.unknown()),
  rollbackPolicy: z.unknown().optional(),
  spikeOnset: z.number().int().nullable(),
  config: z.record(z.string(), z.unknown()),
  configHash: z.string(),
  /** The tensors in `tensors.bin`, in order: every parameter, then Adam's first and second moments. */
  tensors: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()) })),
  files: z.array(fileSchema),
  createdAt: z.string(),
});

/** A checkpoint's `state.json`. */
export type CheckpointState = z.infer<typeof checkpointStateSchema>;

/** A checkpoint read back from disk and verified. */
export interface Checkpoint {
  dir: string;
  state: CheckpointState;
  /** Every tensor's float32 values, in `state.tensors` order. */
  tensors: Float32Array[];
  /** The shuffled example order of epoch `state.orderEpoch`. */
  order: Uint32Array;
}
