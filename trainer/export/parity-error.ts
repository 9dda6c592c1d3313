/** Thrown when no requested weight format keeps top-1 agreement with the float model; nothing is written. */
export class ParityError extends Error {
  override readonly name = 'ParityError';
}
