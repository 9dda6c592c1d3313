/** A file sent from the Node side to the workerd tests (bytes as base64). */
export interface ProvidedFile {
  name: string;
  base64: string;
}

/** A digit fixture with its true label. */
export interface ProvidedDigit extends ProvidedFile {
  label: number;
}

/** A tiny model trained in Node by the global setup, plus Node's own top-1 for each digit. */
export interface ProvidedTinyArtifact {
  files: ProvidedFile[];
  /** Top-1 class index Node computed for `digits[i]`, through the same preprocessing. */
  nodeTop1: number[];
  /** Node's softmax scores per digit, to compare by value. */
  nodeScores: number[][];
}

/** The tiny model exported in one weight format, with Node's scores for `digits`. */
export interface ProvidedQuantizedArtifact {
  format: string;
  files: ProvidedFile[];
  nodeScores: number[][];
}

/** A model trained on an image folder, a few of its images, and Node's scores for them. */
export interface ProvidedShapesArtifact {
  files: ProvidedFile[];
  images: ProvidedFile[];
  nodeScores: number[][];
}

declare module 'vitest' {
  export interface ProvidedContext {
    digits: ProvidedDigit[];
    oddImages: ProvidedFile[];
    tinyArtifact: ProvidedTinyArtifact;
    quantizedArtifacts: ProvidedQuantizedArtifact[];
    shapesArtifact: ProvidedShapesArtifact;
  }
}

/** Decodes a provided file's base64 into bytes (workerd has atob, not Buffer). */
export function bytesOf(file: ProvidedFile): Uint8Array {
  const binary = atob(file.base64);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
