import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

/** A command-line mistake; the CLI prints its message on one line and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** How a flag's value is read; `strings` may be given several times and collects a list. */
type FlagKind = 'integer' | 'number' | 'string' | 'strings' | 'boolean';

/** One flag: its kebab-case name, the config key it sets, and how to read its value. */
export interface FlagSpec {
  flag: string;
  key: string;
  kind: FlagKind;
  description: string;
}

/**
 * Parses `argv` against `specs` with node's `parseArgs` (strict: an unknown flag is an error)
 * and converts values to numbers where the spec says so. Boolean flags also accept `--no-<flag>`.
 * Returns the config keys set and any positionals.
 */
export function parseCliFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
): { values: Record<string, unknown>; positionals: string[]; help: boolean } {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const spec of specs) {
    options[spec.flag] = { type: spec.kind === 'boolean' ? 'boolean' : 'string', multiple: spec.kind === 'strings' };
    if (spec.kind === 'boolean') options[`no-${spec.flag}`] = { type: 'boolean' };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(((error as Error).message.split('\n')[0] ?? 'invalid arguments').replace(/\. To specify a positional.*/, ''));
  }
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    const raw = parsed.values[spec.flag];
    if (spec.kind === 'boolean') {
      if (parsed.values[`no-${spec.flag}`] === true) values[spec.key] = false;
      else if (raw === true) values[spec.key] = true;
      continue;
    }
    if (spec.kind === 'strings') {
      if (Array.isArray(raw)) values[spec.key] = raw;
      continue;
    }
    if (typeof raw !== 'string') continue;
    if (spec.kind === 'string') {
      values[spec.key] = raw;
      continue;
    }
    const number = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(number) || (spec.kind === 'integer' && !Number.isInteger(number))) {
      throw new UsageError(`--${spec.flag}: expected ${spec.kind === 'integer' ? 'an integer' : 'a number'}, got "${raw}"`);
    }
    values[spec.key] = number;
  }
  return { values, positionals: parsed.positionals, help: parsed.values.help === true };
}

/** Help text listing every flag with its description and default. */
export function formatFlagHelp(specs: readonly FlagSpec[], defaults: Record<string, unknown>): string {
  return specs
    .map((spec) => {
      const value = defaults[spec.key];
      const suffix = value === undefined ? '' : ` (default: ${JSON.stringify(value)})`;
      return `  --${spec.flag.padEnd(14)} ${spec.description}${suffix}`;
    })
    .join('\n');
}
