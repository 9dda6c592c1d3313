/** The faults `--inject` can trigger. */
export const INJECTION_KINDS = ['lr', 'pixels', 'grad', 'nan', 'labelflip'] as const;

/** One of `INJECTION_KINDS`. */
export type InjectionKind = (typeof INJECTION_KINDS)[number];

/** When an injection starts: an absolute 0-based step index, or a percentage of the run's steps. */
export type InjectionStart = { unit: 'step'; step: number } | { unit: 'percent'; percent: number };

interface InjectionTiming {
  /** The spec as the user wrote it (for messages and reports). */
  source: string;
  start: InjectionStart;
  /** Steps the injection lasts, ≥ 1. */
  steps: number;
}

/** A parsed `--inject` spec. */
export type InjectionSpec =
  | (InjectionTiming & { kind: 'lr' | 'pixels' | 'grad'; factor: number })
  | (InjectionTiming & { kind: 'nan' })
  | (InjectionTiming & { kind: 'labelflip'; fraction: number });

/** Thrown for an invalid `--inject` spec; the message quotes the spec and says what was wrong. */
export class InjectSpecError extends Error {
  override readonly name = 'InjectSpecError';
}

/** A decimal number literal: `100`, `-2`, `0.5`, `.5`, `1e8`, `2.5E-3`. */
const NUMBER_LITERAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const KIND_PREFIX = /^[a-z]+/;

function failSpec(source: string, what: string): never {
  throw new InjectSpecError(`--inject "${source}": ${what}`);
}

function isInjectionKind(word: string): word is InjectionKind {
  return (INJECTION_KINDS as readonly string[]).includes(word);
}

/**
 * Parses one `--inject` spec (the flag is repeatable; parse each value). Grammar:
 *
 * ```
 * spec     = kind [ modifier ] "@" start [ ":" steps ]
 * kind     = "lr" | "pixels" | "grad" | "nan" | "labelflip"
 * modifier = "*" factor                lr, pixels, grad: required; nan: not allowed
 *          | "=" fraction              labelflip: required, 0 ≤ fraction ≤ 1
 * start    = step                      0-based index of the optimizer step (integer ≥ 0)
 *          | percent "%"               percentage of the run's total steps, 0 ≤ percent < 100,
 *                                      resolved to ⌊percent·totalSteps/100⌋
 * steps    = integer ≥ 1               how many consecutive steps it lasts (default 1)
 * factor, fraction, percent = decimal number literal: 100, 0.5, .5, 1e8, -2
 * ```
 *
 * What each kind does on its steps:
 * - `lr*k`: the learning rate is multiplied by k;
 * - `pixels*k`: the batch's pixel values are multiplied by k;
 * - `grad*k`: every gradient is multiplied by k (after backward, before the guards);
 * - `nan`: the batch's pixels are all NaN;
 * - `labelflip=f`: a fraction f of the batch's labels is replaced by a different random class.
 *
 * Surrounding whitespace is ignored; nothing else is.
 *
 * @example
 * parseInject('lr*100@30%:50');      // LR ×100 for 50 steps from 30% of the run
 * parseInject('pixels*1e8@50%');     // one batch with pixels ×1e8 at the half-way step
 * parseInject('nan@60%');            // one batch of NaN pixels
 * parseInject('labelflip=0.2@70%:100'); // 20% of labels randomised for 100 steps
 * parseInject('grad*1e6@400');       // gradients ×1e6 at step 400
 * parseInject('lr*x@30%');           // throws: --inject "lr*x@30%": factor "x" is not a number
 */
export function parseInject(spec: string): InjectionSpec {
  const source = spec.trim();
  const fail = (what: string): never => failSpec(source, what);
  if (source === '') fail('empty spec (expected e.g. "lr*100@30%:50")');

  const atIndex = source.indexOf('@');
  if (atIndex < 0) fail('missing "@start" (e.g. "@30%" or "@400")');
  if (source.indexOf('@', atIndex + 1) >= 0) fail('more than one "@"');
  const head = source.slice(0, atIndex);
  const timing = source.slice(atIndex + 1);

  const kindWord = KIND_PREFIX.exec(head)?.[0] ?? '';
  if (!isInjectionKind(kindWord)) {
    failSpec(source, `unknown kind "${kindWord || head}" (expected one of ${INJECTION_KINDS.join(', ')})`);
  }
  const kind = kindWord;
  const modifier = head.slice(kindWord.length);

  const parseNumber = (text: string, name: string): number => {
    if (!NUMBER_LITERAL.test(text)) fail(`${name} "${text}" is not a number`);
    const value = Number(text);
    if (!Number.isFinite(value)) fail(`${name} "${text}" is not finite`);
    return value;
  };

  // start [":" steps]
  const colonIndex = timing.indexOf(':');
  const startText = colonIndex < 0 ? timing : timing.slice(0, colonIndex);
  const stepsText = colonIndex < 0 ? undefined : timing.slice(colonIndex + 1);
  if (startText === '') fail('missing start after "@" (e.g. "@30%" or "@400")');
  let start: InjectionStart;
  if (startText.endsWith('%')) {
    const percent = parseNumber(startText.slice(0, -1), 'start percentage');
    if (percent < 0 || percent >= 100) fail(`start percentage ${percent}% is outside [0, 100)`);
    start = { unit: 'percent', percent };
  } else {
    const step = parseNumber(startText, 'start step');
    if (!Number.isInteger(step) || step < 0) fail(`start step "${startText}" is not an integer ≥ 0`);
    start = { unit: 'step', step };
  }
  let steps = 1;
  if (stepsText !== undefined) {
    steps = parseNumber(stepsText, 'duration');
    if (!Number.isInteger(steps) || steps < 1) fail(`duration "${stepsText}" is not an integer ≥ 1`);
  }
  const base = { source, start, steps };

  switch (kind) {
    case 'lr':
    case 'pixels':
    case 'grad': {
      if (!modifier.startsWith('*')) fail(`"${kind}" needs a factor: "${kind}*k@…" (got "${head}")`);
      return { ...base, kind, factor: parseNumber(modifier.slice(1), 'factor') };
    }
    case 'nan': {
      if (modifier !== '') fail(`"nan" takes no factor or fraction (got "${head}")`);
      return { ...base, kind };
    }
    case 'labelflip': {
      if (!modifier.startsWith('=')) fail(`"labelflip" needs a fraction: "labelflip=f@…" (got "${head}")`);
      const fraction = parseNumber(modifier.slice(1), 'fraction');
      if (fraction < 0 || fraction > 1) fail(`fraction ${fraction} is outside [0, 1]`);
      return { ...base, kind, fraction };
    }
  }
}
