import type { ExifOrientation } from './exif-orientation';
import { readExifOrientation } from './exif-orientation';
import { ImageError } from './image-error';

/** Container formats `decodeImage` reads. */
export type ImageFormat = 'png' | 'jpeg';

/** Format and pixel size read from the first bytes of a file, without decoding it. */
export interface ImageHeader {
  format: ImageFormat;
  /** Stored size, as the decoder will produce it (before any EXIF orientation). */
  width: number;
  height: number;
  /** EXIF orientation, present only when the file declares one other than 1 (JPEG APP1, PNG eXIf). */
  orientation?: ExifOrientation;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff] as const;
/** Signature (8) + IHDR length (4) + type (4) + width (4) + height (4). */
const PNG_HEADER_BYTES = 24;
/** PNG stores sizes as 31-bit unsigned integers. */
const PNG_MAX_SIZE = 2 ** 31 - 1;

/** `Exif\0\0`, the identifier that starts an EXIF APP1 segment. */
const EXIF_IDENTIFIER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00] as const;
const APP1 = 0xe1;

/**
 * Sniffs the format from magic bytes and reads the pixel size: PNG from its IHDR chunk, JPEG by
 * walking marker segments up to the first frame header (SOF0–SOF15, so baseline, extended,
 * progressive and lossless all count). Reads at most the header, so it is cheap to call on
 * untrusted uploads before deciding whether to decode them. The EXIF orientation is read on the
 * way: from an APP1 `Exif` segment before the frame header (JPEG), or an `eXIf` chunk before the
 * image data (PNG).
 *
 * Throws `ImageError`: `unsupported_media_type` when the bytes are neither PNG nor JPEG;
 * `invalid_image` when they are empty, truncated, malformed or declare a zero size.
 *
 * @example
 * const { format, width, height } = readImageHeader(bytes); // { format: 'png', width: 28, height: 28 }
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length === 0) {
    throw new ImageError('invalid_image', 'image is empty (0 bytes)');
  }
  if (startsWith(bytes, PNG_SIGNATURE)) {
    return readPngHeader(bytes);
  }
  if (startsWith(bytes, JPEG_SIGNATURE)) {
    return readJpegHeader(bytes);
  }
  if (isPrefixOf(bytes, PNG_SIGNATURE) || isPrefixOf(bytes, JPEG_SIGNATURE)) {
    throw new ImageError('invalid_image', `image is truncated: only ${bytes.length} bytes of signature`);
  }
  const head = Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  throw new ImageError('unsupported_media_type', `unsupported image format (first bytes ${head}); expected PNG or JPEG`);
}

function readPngHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length < PNG_HEADER_BYTES) {
    throw new ImageError('invalid_image', `PNG is truncated: ${bytes.length} bytes, the header needs ${PNG_HEADER_BYTES}`);
  }
  const chunkType = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunkType !== 'IHDR') {
    throw new ImageError('invalid_image', `PNG must start with an IHDR chunk, got ${JSON.stringify(chunkType)}`);
  }
  const width = readUint32(bytes, 16);
  const height = readUint32(bytes, 20);
  return withOrientation(checkedHeader('png', width, height, PNG_MAX_SIZE), pngExifOrientation(bytes));
}

/** The orientation in a PNG `eXIf` chunk before the first IDAT, else 1. Stops at what is missing. */
function pngExifOrientation(bytes: Uint8Array): ExifOrientation {
  let offset = 8; // after the signature
  while (offset + 8 <= bytes.length) {
    const length = readUint32(bytes, offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === 'IDAT' || type === 'IEND') return 1;
    if (type === 'eXIf') return readExifOrientation(bytes.subarray(offset + 8, Math.min(bytes.length, offset + 8 + length)));
    offset += 12 + length;
  }
  return 1;
}

function withOrientation(header: ImageHeader, orientation: ExifOrientation): ImageHeader {
  return orientation === 1 ? header : { ...header, orientation };
}

/** Markers that stand alone, without a length field: TEM, RST0–RST7. */
function isStandaloneMarker(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isFrameMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpegHeader(bytes: Uint8Array): ImageHeader {
  const truncated = (): ImageError =>
    new ImageError('invalid_image', `JPEG is truncated: no frame header within ${bytes.length} bytes`);
  let offset = 2; // after SOI (FF D8)
  let orientation: ExifOrientation = 1;
  let exifSeen = false;
  for (;;) {
    if (offset >= bytes.length) throw truncated();
    if (bytes[offset] !== 0xff) {
      throw new ImageError('invalid_image', `JPEG is malformed: expected a marker at byte ${offset}`);
    }
    while (bytes[offset] === 0xff) offset += 1; // 0xFF fill bytes may precede a marker
    const marker = bytes[offset];
    if (marker === undefined) throw truncated();
    offset += 1;
    if (isStandaloneMarker(marker)) continue;
    if (marker === 0xda || marker === 0xd9 || marker === 0xd8 || marker === 0x00) {
      throw new ImageError(
        'invalid_image',
        `JPEG is malformed: marker FF${marker.toString(16).toUpperCase().padStart(2, '0')} before any frame header`,
      );
    }
    if (offset + 2 > bytes.length) throw truncated();
    const segmentLength = readUint16(bytes, offset);
    if (segmentLength < 2) {
      throw new ImageError('invalid_image', `JPEG is malformed: segment length ${segmentLength} at byte ${offset}`);
    }
    if (isFrameMarker(marker)) {
      // Frame header: length (2), sample precision (1), lines (2), samples per line (2), ...
      if (offset + 7 > bytes.length) throw truncated();
      const height = readUint16(bytes, offset + 3);
      const width = readUint16(bytes, offset + 5);
      return withOrientation(checkedHeader('jpeg', width, height, 0xffff), orientation);
    }
    if (marker === APP1 && !exifSeen && startsWith(bytes.subarray(offset + 2, offset + segmentLength), EXIF_IDENTIFIER)) {
      // The first EXIF block counts (a later APP1 is usually XMP, or a thumbnail's).
      exifSeen = true;
      orientation = readExifOrientation(bytes.subarray(offset + 2 + EXIF_IDENTIFIER.length, Math.min(bytes.length, offset + segmentLength)));
    }
    offset += segmentLength;
  }
}

function checkedHeader(format: ImageFormat, width: number, height: number, maxSize: number): ImageHeader {
  // A JPEG height of 0 defers to a DNL marker; no decoder here supports that, so it is refused too.
  if (width === 0 || height === 0 || width > maxSize || height > maxSize) {
    throw new ImageError('invalid_image', `${format.toUpperCase()} header declares an invalid size ${width}×${height}`);
  }
  return { format, width, height };
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

function isPrefixOf(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length < signature.length && bytes.every((byte, index) => signature[index] === byte);
}

function readUint16(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

function readUint32(bytes: Uint8Array, offset: number): number {
  // `>>> 0` keeps values above 2^31 positive so the range check can reject them.
  return (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
}
