import type { FlagSpec } from '../cli/parse-cli-flags';
import { ConfigError, resolveTrainConfig } from '../config/train-config';
import type { TrainConfig } from '../config/train-config';
import type { Checkpoint } from './checkpoint-state';

/**
 * Settings that may differ on resume: how the run looks and what it runs on. Backend and thread
 * count change float rounding (and how dropout masks split), so only the same ones resume
 * bit-identically.
 */
const FREE_ON_RESUME = new Set(['progress', 'backend', 'threads']);

/**
 * The config to continue `checkpoint` with: the checkpoint's own, plus the cosmetic settings the
 * user gave. Any other flag the user gave must equal the checkpoint's value; a mismatch is a
 * `ConfigError` naming the flag and both values.
 */
export function resumeConfig(checkpoint: Checkpoint, given: Record<string, unknown>, flags: readonly FlagSpec[], runDir: string): TrainConfig {
  const saved = resolveTrainConfig(checkpoint.state.config);
  for (const [key, value] of Object.entries(given)) {
    if (FREE_ON_RESUME.has(key)) continue;
    const savedValue = saved[key as keyof TrainConfig];
    if (JSON.stringify(savedValue) !== JSON.stringify(value)) {
      const flag = flags.find((spec) => spec.key === key)?.flag ?? key;
      throw new ConfigError(
        `--resume: --${flag} is ${JSON.stringify(value)}, but ${checkpoint.dir} was trained with ${JSON.stringify(savedValue)}`,
      );
    }
  }
  const cosmetic = Object.fromEntries(Object.entries(given).filter(([key]) => FREE_ON_RESUME.has(key)));
  return { ...saved, ...cosmetic, runDir };
}
