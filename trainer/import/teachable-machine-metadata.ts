import { z } from 'zod';

/**
 * The `metadata.json` of a Teachable Machine export ("TensorFlow.js" tab): the labels in output
 * order plus version stamps. Only image projects (`@teachablemachine/image`) are classifiers of
 * images; pose and audio models take other inputs.
 */
const teachableMachineMetadataSchema = z.looseObject({
  labels: z.array(z.string()),
  tmVersion: z.string().optional(),
  packageName: z.string().optional(),
  packageVersion: z.string().optional(),
  modelName: z.string().optional(),
  timeStamp: z.string().optional(),
  imageSize: z.number().int().positive().optional(),
  grayscale: z.boolean().optional(),
});

/** A Teachable Machine `metadata.json`. */
export type TeachableMachineMetadata = z.infer<typeof teachableMachineMetadataSchema>;

/**
 * Teachable Machine's image input convention (`@teachablemachine/image` `capture()`): pixels
 * `p / 127 − 1`, which is `(p / 255 − 127/255) / (127/255)` in the manifest's terms.
 */
export const TEACHABLE_MACHINE_NORMALIZATION = { mean: 127 / 255, std: 127 / 255 } as const;

/**
 * `metadata` as Teachable Machine metadata, or undefined when it is not (no `labels` array, or
 * no Teachable Machine stamp: `tmVersion` or a `@teachablemachine/…` package name).
 */
export function asTeachableMachineMetadata(metadata: unknown): TeachableMachineMetadata | undefined {
  const parsed = teachableMachineMetadataSchema.safeParse(metadata);
  if (!parsed.success) return undefined;
  const { tmVersion, packageName } = parsed.data;
  return tmVersion !== undefined || packageName?.startsWith('@teachablemachine/') === true ? parsed.data : undefined;
}
