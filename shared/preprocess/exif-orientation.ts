/**
 * EXIF orientation (TIFF tag 0x0112): how the stored pixels must be turned to be seen upright.
 * 1 as stored, 2 mirrored left–right, 3 rotated 180°, 4 mirrored top–bottom, 5 transposed
 * (mirrored across the main diagonal), 6 rotated 90° clockwise, 7 transversed (mirrored across
 * the anti-diagonal), 8 rotated 90° counter-clockwise. The values Pillow's `exif_transpose` and
 * every browser apply.
 */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** TIFF tag of the orientation in IFD0. */
const ORIENTATION_TAG = 0x0112;
/** TIFF field type SHORT (16-bit unsigned). */
const TYPE_SHORT = 3;
/** Bytes of one IFD entry: tag (2), type (2), count (4), value or offset (4). */
const IFD_ENTRY_BYTES = 12;

/** True for the eight defined orientation values. */
export function isExifOrientation(value: unknown): value is ExifOrientation {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8;
}

/**
 * Reads the orientation from a TIFF structure (an EXIF block: a JPEG APP1 payload after
 * `Exif\0\0`, or a PNG `eXIf` chunk). Both byte orders are read. Anything missing, malformed or
 * out of range gives 1 (as stored), as image viewers do: a broken EXIF block never refuses an
 * image.
 *
 * @example
 * readExifOrientation(Uint8Array.of(0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0)); // 6
 */
export function readExifOrientation(tiff: Uint8Array): ExifOrientation {
  if (tiff.length < 8) return 1;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49; // "II"
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d; // "MM"
  if (!little && !big) return 1;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, little) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return 1;
  const entries = view.getUint16(ifd, little);
  for (let index = 0; index < entries; index++) {
    const entry = ifd + 2 + index * IFD_ENTRY_BYTES;
    if (entry + IFD_ENTRY_BYTES > tiff.length) return 1;
    if (view.getUint16(entry, little) !== ORIENTATION_TAG) continue;
    if (view.getUint16(entry + 2, little) !== TYPE_SHORT || view.getUint32(entry + 4, little) < 1) return 1;
    const value = view.getUint16(entry + 8, little); // a SHORT sits left-justified in the value field
    return isExifOrientation(value) ? value : 1;
  }
  return 1;
}

/** True when `orientation` swaps width and height (the 90° turns and the two transposes). */
export function swapsAxes(orientation: ExifOrientation): boolean {
  return orientation >= 5;
}
