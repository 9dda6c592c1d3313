const encoder = new TextEncoder();

/**
 * The exact bytes of an artifact's JSON files. The trainer writes files with these functions and
 * the worker re-creates the same bytes from a bundled (already parsed) JSON module, so the
 * sha256 in the manifest checks both. `JSON.stringify(JSON.parse(text))` reproduces `text` for
 * any text `JSON.stringify` wrote, which is what makes this round trip exact.
 *
 * @example
 * const bytes = serializeManifestJson(manifest); // pretty-printed, trailing newline
 */
export function serializeManifestJson(manifest: unknown): Uint8Array {
  return encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`);
}

/** The exact bytes of a `model.json` (compact, as tfjs writes it). */
export function serializeModelJson(modelJson: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(modelJson));
}
