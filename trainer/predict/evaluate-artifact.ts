import { loadServedModel, predictScores } from '../../shared/model';
import { normalizePixels } from '../../shared/preprocess';
import type { DatasetSplit } from '../data/dataset';
import { confusionMatrix } from '../data/confusion-matrix';
import { readArtifactDir } from './read-artifact-dir';
import type { ServedModel } from '../../shared/model';

/** Precision and recall of one class. */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  /** Examples whose true class this is. */
  support: number;
}

/** One misclassified example. */
export interface Misclassified {
  source: string;
  label: string;
  predicted: string;
  /** The model's probability for the true class (lowest first: the worst examples). */
  trueScore: number;
}

/** What `evaluateSplit` measured. */
export interface ArtifactEvaluation {
  examples: number;
  accuracy: number;
  perClass: ClassMetrics[];
  /** counts[true][predicted]. */
  confusion: number[][];
  /** The worst misclassified examples, lowest true-class probability first. */
  worst: Misclassified[];
}

/** Loads an artifact directory through the worker's loader. */
export async function loadArtifact(dir: string): Promise<ServedModel> {
  return loadServedModel(await readArtifactDir(dir));
}

/**
 * Scores `served` on a prepared split exactly as the worker would (the same normalization and
 * scoring), in batches of `batchSize`.
 */
export async function evaluateSplit(served: ServedModel, split: DatasetSplit, worstCount = 20, batchSize = 256): Promise<ArtifactEvaluation> {
  const { labels, input } = served.manifest;
  const spec = { input, ...served.manifest.preprocessing };
  const bytes = input.height * input.width * input.channels;
  const predictions = new Int32Array(split.count);
  const misses: Misclassified[] = [];
  for (let start = 0; start < split.count; start += batchSize) {
    const end = Math.min(split.count, start + batchSize);
    const images = [];
    for (let index = start; index < end; index++) images.push(normalizePixels(split.pixels.subarray(index * bytes, (index + 1) * bytes), spec));
    const scores = await predictScores(served, images);
    scores.forEach((row, offset) => {
      const index = start + offset;
      let best = 0;
      for (let cls = 1; cls < row.length; cls++) if ((row[cls] ?? 0) > (row[best] ?? 0)) best = cls;
      predictions[index] = best;
      const truth = split.targets[index] as number;
      if (best !== truth) {
        misses.push({
          source: split.sources?.[index] ?? `#${index}`,
          label: labels[truth] ?? String(truth),
          predicted: labels[best] ?? String(best),
          trueScore: row[truth] ?? 0,
        });
      }
    });
  }
  const confusion = confusionMatrix(split.targets, predictions, labels.length);
  const perClass = labels.map((label, cls) => {
    const truePositive = confusion[cls]?.[cls] ?? 0;
    const support = (confusion[cls] ?? []).reduce((sum, count) => sum + count, 0);
    const predictedTotal = confusion.reduce((sum, row) => sum + (row[cls] ?? 0), 0);
    return { label, precision: predictedTotal ? truePositive / predictedTotal : 0, recall: support ? truePositive / support : 0, support };
  });
  const correct = labels.reduce((sum, _, cls) => sum + (confusion[cls]?.[cls] ?? 0), 0);
  return {
    examples: split.count,
    accuracy: split.count ? correct / split.count : 0,
    perClass,
    confusion,
    worst: misses.sort((a, b) => a.trueScore - b.trueScore).slice(0, worstCount),
  };
}
