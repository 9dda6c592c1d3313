import { readFile } from 'node:fs/promises';
import { ImportError } from './import-error';

/** Where the labels of an imported model come from. */
export interface LabelSources {
  /** `--labels a,b,c`. */
  labels?: string;
  /** `--labels-file FILE`: one label per line, or a JSON array of strings. */
  labelsFile?: string;
  /** Labels of a metadata.json next to model.json (Teachable Machine), with where they are from. */
  metadata?: { labels: readonly string[]; from: string };
}

/** The labels, in output order, and a few words on where they came from (for the manifest). */
export interface ResolvedLabels {
  labels: string[];
  from: string;
}

function parseLabelsFile(path: string, text: string): string[] {
  if (text.trimStart().startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ImportError(`--labels-file ${path}: starts with "[" but is not valid JSON`);
    }
    if (!Array.isArray(value) || !value.every((label) => typeof label === 'string')) {
      throw new ImportError(`--labels-file ${path}: a JSON labels file must be an array of strings`);
    }
    return value;
  }
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
}

/**
 * Reads the labels from `--labels`, `--labels-file` or metadata.json (the flags win over the
 * metadata; both flags at once is a mistake) and checks them: at least two, none empty, no
 * duplicates, and exactly one per model output when `outputs` is known.
 */
export async function resolveLabels(sources: LabelSources, outputs: number): Promise<ResolvedLabels> {
  if (sources.labels !== undefined && sources.labelsFile !== undefined) {
    throw new ImportError('--labels and --labels-file: give one of them, not both');
  }
  let resolved: ResolvedLabels;
  if (sources.labels !== undefined) {
    resolved = { labels: sources.labels.split(',').map((label) => label.trim()), from: '--labels' };
  } else if (sources.labelsFile !== undefined) {
    const path = sources.labelsFile;
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      throw new ImportError(`--labels-file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    });
    resolved = { labels: parseLabelsFile(path, text), from: `--labels-file ${path}` };
  } else if (sources.metadata !== undefined) {
    resolved = { labels: [...sources.metadata.labels], from: sources.metadata.from };
  } else {
    throw new ImportError('no labels: pass --labels a,b,c or --labels-file FILE (or import a folder with a Teachable Machine metadata.json)');
  }
  const { labels, from } = resolved;
  const empty = labels.findIndex((label) => label === '');
  if (empty >= 0) throw new ImportError(`${from}: label ${empty + 1} is empty`);
  const duplicate = labels.find((label, index) => labels.indexOf(label) !== index);
  if (duplicate !== undefined) throw new ImportError(`${from}: label "${duplicate}" appears twice`);
  if (labels.length !== outputs) {
    throw new ImportError(`${from}: ${labels.length} labels, but the model has ${outputs} outputs (one label per output, in output order)`);
  }
  if (labels.length < 2) throw new ImportError(`${from}: a classifier needs at least 2 labels, got ${labels.length}`);
  return resolved;
}
