import { createHash } from 'node:crypto';
import type { TrainConfig } from './train-config';

/** Keys that change how a run looks, not what it produces. */
const COSMETIC_KEYS = new Set<keyof TrainConfig>(['progress', 'backend', 'threads', 'out', 'runDir', 'checkpointEvery', 'checkpointKeep', 'cacheDir']);

/**
 * A stable hash of everything in `config` that determines the trained model, so `npm start` can
 * tell whether an existing artifact was made with the same settings.
 */
export function configHash(config: TrainConfig): string {
  const entries = Object.entries(config)
    .filter(([key]) => !COSMETIC_KEYS.has(key as keyof TrainConfig))
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}
