import { ImageError } from './image-error';

/** What a JPEG's segments say about how to decode it. */
export interface JpegStructure {
  /** SOF marker byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive. */
  frameMarker: number;
  components: number;
}

/** Frame types jpeg-js decodes: baseline, extended sequential and progressive Huffman. */
const SUPPORTED_FRAMES: Partial<Record<number, string>> = { 0xc0: 'baseline', 0xc1: 'extended', 0xc2: 'progressive' };
const UNSUPPORTED_FRAMES: Partial<Record<number, string>> = {
  0xc3: 'lossless (SOF3)',
  0xc5: 'differential sequential (SOF5)',
  0xc6: 'differential progressive (SOF6)',
  0xc7: 'differential lossless (SOF7)',
  0xc9: 'arithmetic-coded sequential (SOF9)',
  0xca: 'arithmetic-coded progressive (SOF10)',
  0xcb: 'arithmetic-coded lossless (SOF11)',
  0xcd: 'differential arithmetic-coded (SOF13)',
  0xce: 'differential arithmetic-coded progressive (SOF14)',
  0xcf: 'differential arithmetic-coded lossless (SOF15)',
};
const SEGMENT_NAMES: Partial<Record<number, string>> = { 0xc4: 'Huffman table', 0xdb: 'quantization table', 0xda: 'start of scan', 0xdd: 'restart interval', 0xe1: 'APP1', 0xee: 'Adobe APP14', 0xfe: 'comment' };

const hex = (marker: number) => `FF${marker.toString(16).toUpperCase().padStart(2, '0')}`;
const corrupt = (message: string) => new ImageError('invalid_image', `JPEG is corrupt: ${message}`);
const truncated = (message: string) => new ImageError('invalid_image', `JPEG is truncated: ${message}`);
const unsupported = (message: string) => new ImageError('invalid_image', `JPEG ${message}, which this decoder does not read`);

function segmentName(marker: number): string {
  if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return 'frame header';
  if (marker >= 0xe0 && marker <= 0xef) return SEGMENT_NAMES[marker] ?? `APP${marker - 0xe0}`;
  return SEGMENT_NAMES[marker] ?? 'segment';
}

/**
 * Walks a JPEG from SOI to EOI before jpeg-js runs, and says what is wrong in words: a segment
 * cut short ("segment FFC4 (Huffman table) at byte 180 declares 418 bytes, the file ends 52 bytes
 * into it"), image data without its end-of-image marker ("the file ends at byte 900 inside the
 * image data of scan 1"), a coding or colour layout this decoder does not read (lossless,
 * arithmetic, 2 components, 4 without an Adobe marker), markers where none may be.
 * Throws `ImageError('invalid_image')`; returns what the frame header said.
 *
 * @example
 * checkJpegStructure(bytes); // { frameMarker: 0xc0, components: 3 }
 */
export function checkJpegStructure(bytes: Uint8Array): JpegStructure {
  let offset = 2; // after SOI
  let frame: JpegStructure | undefined;
  let adobe = false;
  let scans = 0;
  for (;;) {
    if (offset >= bytes.length) {
      throw truncated(scans > 0 ? `the file ends at byte ${bytes.length} after scan ${scans}, without the end-of-image marker` : `the file ends at byte ${bytes.length} before any image data`);
    }
    if (bytes[offset] !== 0xff) throw corrupt(`expected a marker at byte ${offset}, found 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}`);
    const markerAt = offset;
    while (bytes[offset] === 0xff) offset++;
    const marker = bytes[offset];
    if (marker === undefined) throw truncated(`the file ends inside the marker at byte ${markerAt}`);
    offset++;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // TEM, RSTn: no length
    if (marker === 0xd9) {
      if (scans === 0 || frame === undefined) throw corrupt(`end-of-image marker at byte ${markerAt} before any image data`);
      return frame;
    }
    if (marker === 0xd8 || marker === 0x00) throw corrupt(`marker ${hex(marker)} at byte ${markerAt} where a segment must start`);
    if (offset + 2 > bytes.length) throw truncated(`the file ends inside the ${hex(marker)} marker at byte ${markerAt}`);
    const length = ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
    if (length < 2) throw corrupt(`segment ${hex(marker)} at byte ${markerAt} declares an impossible length ${length}`);
    const end = offset + length;
    if (end > bytes.length) {
      throw truncated(`segment ${hex(marker)} (${segmentName(marker)}) at byte ${markerAt} declares ${length} bytes, the file ends ${bytes.length - offset} bytes into it`);
    }
    if (marker === 0xee && length >= 14 && String.fromCharCode(...bytes.subarray(offset + 2, offset + 7)) === 'Adobe') adobe = true;
    if (segmentName(marker) === 'frame header') {
      if (frame !== undefined) throw corrupt(`a second frame header at byte ${markerAt}`);
      const coding = UNSUPPORTED_FRAMES[marker];
      if (coding !== undefined) throw unsupported(`uses ${coding} coding`);
      if (SUPPORTED_FRAMES[marker] === undefined) throw corrupt(`unknown frame marker ${hex(marker)} at byte ${markerAt}`);
      const components = bytes[offset + 7] ?? 0;
      if (components !== 1 && components !== 3 && components !== 4) {
        throw unsupported(`has ${components} colour components (1 gray, 3 YCbCr or 4 CMYK are read)`);
      }
      if (components === 4 && !adobe) throw unsupported('has 4 colour components without an Adobe APP14 marker saying whether they are CMYK or YCCK');
      frame = { frameMarker: marker, components };
    }
    offset = end;
    if (marker !== 0xda) continue;
    // Start of scan: entropy-coded data runs to the next marker other than a stuffed 0xFF00 or RSTn.
    if (frame === undefined) throw corrupt(`a scan at byte ${markerAt} before the frame header`);
    scans++;
    for (;;) {
      if (offset >= bytes.length) {
        throw truncated(`the file ends at byte ${bytes.length} inside the image data of scan ${scans} (the end-of-image marker is missing)`);
      }
      if (bytes[offset] === 0xff) {
        const next = bytes[offset + 1];
        if (next === undefined) throw truncated(`the file ends at byte ${bytes.length} inside the image data of scan ${scans} (the end-of-image marker is missing)`);
        if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
      }
      offset++;
    }
  }
}
