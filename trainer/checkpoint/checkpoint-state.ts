import { z } from 'zod';
import { modelStateSchema, streamStateSchema } from '../train/train-state';
import type { SavedTrainState } from '../train/train-state';

/** Checkpoint layout version written by this build (2: the state is `TrainState`'s model and stream parts). */
export const CHECKPOINT_FORMAT = 2;

/** Names of the best epoch's weights in `tensors` (they come after the weights and Adam's moments). */
export const BEST_PREFIX = 'best:';

const fileSchema = z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** `state.json` of a checkpoint: everything but the tensors (in `tensors.bin`) and the data order (`order.bin`). */
export const checkpointStateSchema = z.object({
  formatVersion: z.literal(CHECKPOINT_FORMAT),
  /** What moves with the weights (see `TrainState`). */
  model: modelStateSchema,
  /** The position in the data stream, the RNGs and the run's tallies (see `TrainState`). */
  stream: streamStateSchema,
  config: z.record(z.string(), z.unknown()),
  configHash: z.string(),
  /** The tensors in `tensors.bin`, in `tensorsOf` order: every weight, then Adam's first and second moments. */
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
  /** The training state it holds, ready for `restoreTrainState`. */
  saved: SavedTrainState;
}
