import { UsageError } from '../../trainer/cli/parse-cli-flags';

/** The most connections one level may open (the worker is one wrangler dev process). */
export const MAX_CONNECTIONS = 1024;

/**
 * Parses `--connections`: a comma-separated list of distinct positive integers, run in the
 * order given. Throws a `UsageError` naming the flag and the offending item.
 *
 * @example parseConnectionLevels('1,8,32,64') // [1, 8, 32, 64]
 */
export function parseConnectionLevels(text: string): number[] {
  const items = text.split(',').map((item) => item.trim());
  const levels = items.map((item) => {
    const connections = Number(item);
    if (item === '' || !Number.isInteger(connections) || connections < 1 || connections > MAX_CONNECTIONS) {
      throw new UsageError(`--connections: expected comma-separated integers from 1 to ${MAX_CONNECTIONS}, got "${item}" in "${text}"`);
    }
    return connections;
  });
  const repeated = levels.find((connections, index) => levels.indexOf(connections) !== index);
  if (repeated !== undefined) throw new UsageError(`--connections: ${repeated} is listed twice in "${text}"`);
  return levels;
}
