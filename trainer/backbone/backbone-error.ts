/** A `--backbone` directory or `--backbone-layer` / fine-tune flag that cannot be used (exit 2, one line). */
export class BackboneError extends Error {
  override readonly name = 'BackboneError';
}
