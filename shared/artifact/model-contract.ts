import { z } from 'zod';

/**
 * What names a model and how its weights may be stored: the one definition the trainer's
 * config, `publish`, the manifest parser and the worker's URL parameters all use, so anything
 * the trainer writes can be published and served.
 */

/** Model names: lowercase, one URL path segment and one bucket key segment. */
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Versions that are safe as one key segment (no `/`, no `..`-only names). */
export const MODEL_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What a valid model name looks like, in words (the message of every refusal). */
export const MODEL_NAME_RULE = 'must be 1–64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit';

/** What a valid model version looks like, in words (the message of every refusal). */
export const MODEL_VERSION_RULE =
  'must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit (one bucket key segment: no "/")';

/**
 * A model name.
 *
 * @example
 * modelNameSchema.parse('mnist'); // 'mnist'
 */
export const modelNameSchema = z.string().regex(MODEL_NAME_PATTERN, { error: (issue) => `${MODEL_NAME_RULE}, got ${JSON.stringify(issue.input)}` });

/**
 * A model version.
 *
 * @example
 * modelVersionSchema.safeParse('2026/12').success; // false
 */
export const modelVersionSchema = z
  .string()
  .regex(MODEL_VERSION_PATTERN, { error: (issue) => `${MODEL_VERSION_RULE}, got ${JSON.stringify(issue.input)}` });

/**
 * Why `version` cannot be used, in the words every refusal uses (`invalid value for "version": …`),
 * or undefined when it can.
 *
 * @example
 * versionProblem('a/b'); // 'invalid value for "version": must be 1–64 letters, … got "a/b"'
 */
export function versionProblem(version: string): string | undefined {
  const result = modelVersionSchema.safeParse(version);
  return result.success ? undefined : `invalid value for "version": ${result.error.issues[0]?.message ?? MODEL_VERSION_RULE}`;
}

/** Weight encodings an artifact can use, smallest first; `none` is plain float32. */
export const QUANTIZATION_FORMATS = ['uint8', 'uint16', 'float16', 'none'] as const;

/** A weight encoding of an artifact: `uint8`, `uint16`, `float16` or `none` (float32). */
export type QuantizationFormat = (typeof QUANTIZATION_FORMATS)[number];

/** What an export may ask for: one format, or `auto` (the smallest format that passes the parity gate). */
export const QUANTIZE_MODES = [...QUANTIZATION_FORMATS, 'auto'] as const;

/** One of `QUANTIZE_MODES`. */
export type QuantizeMode = (typeof QUANTIZE_MODES)[number];

/** A stored weight encoding. */
export const quantizationFormatSchema = z.enum(QUANTIZATION_FORMATS);

/** A requested weight encoding (a format or `auto`). */
export const quantizeModeSchema = z.enum(QUANTIZE_MODES);
