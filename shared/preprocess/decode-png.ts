import { decode as decodePngFile } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import { checkPngStructure } from './check-png-structure';
import { ImageError } from './image-error';
import type { RawImage } from './raw-image';

/** IHDR byte offsets: signature (8) + length (4) + type (4) + width (4) + height (4). */
const IHDR_BIT_DEPTH = 24;
const IHDR_COLOR_TYPE = 25;
const IHDR_INTERLACE = 28;
const COLOR_TYPE_INDEXED = 3;

/**
 * Decodes a PNG into 8-bit interleaved pixels. Bit depths 1/2/4 are unpacked and scaled to
 * 0–255, 16-bit samples are rounded to 8 bits, palettes are expanded to RGB(A), and a `tRNS`
 * colour key becomes an alpha channel. CRCs are checked, so flipped bits are reported rather
 * than decoded into garbage. The structure is checked first (`checkPngStructure`), so a broken
 * file is refused with an `ImageError` that says what is wrong in words.
 *
 * Expects `bytes` already accepted by `readImageHeader` (and its size by the caller).
 *
 * @example
 * const image = decodePng(pngBytes); // { data, width, height, channels: 1 | 2 | 3 | 4 }
 */
export function decodePng(bytes: Uint8Array): RawImage {
  const bitDepth = bytes[IHDR_BIT_DEPTH] ?? 0;
  if (bytes[IHDR_INTERLACE] === 1 && bitDepth < 8) {
    // fast-png 8 de-interlaces sub-byte samples as whole bytes, which scrambles the image.
    throw new ImageError('unsupported_media_type', `interlaced PNG with bit depth ${bitDepth} is not supported`);
  }
  // A second IHDR or an IDAT bomb is refused before fast-png allocates for it.
  // CRCs were checked by checkPngStructure (which names the chunk).
  const png = decodePngFile(checkPngStructure(bytes), { checkCrc: false });
  const { width, height } = png;
  // Truecolour PNGs may carry a suggested palette too; only the colour type says "indexed".
  const isIndexed = bytes[IHDR_COLOR_TYPE] === COLOR_TYPE_INDEXED;
  const samplesPerRow = isIndexed ? width : width * png.channels;
  const samples = unpackSamples(png, samplesPerRow);

  if (isIndexed) {
    if (!png.palette) throw new ImageError('invalid_image', 'PNG is corrupt: an indexed-colour image with no PLTE chunk (palette)');
    return expandPalette(samples, png.palette, width, height);
  }
  const channels = png.channels;
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new ImageError('invalid_image', `PNG is corrupt: ${channels} channels per pixel`);
  }
  const maxSample = 2 ** png.depth - 1;
  const colorKey = png.transparency;
  if (colorKey && (channels === 1 || channels === 3)) {
    return applyColorKey(samples, colorKey, width, height, channels, maxSample);
  }
  return { data: to8Bit(samples, maxSample), width, height, channels };
}

/** One sample per array element, rows unpadded, values still at the PNG's bit depth. */
function unpackSamples(png: DecodedPng, samplesPerRow: number): Uint8Array | Uint16Array {
  const { data, depth, height } = png;
  const count = samplesPerRow * png.height;
  if (depth >= 8) {
    if (data.length < count) throw new ImageError('invalid_image', `PNG is truncated: ${data.length} samples of image data, ${count} expected`);
    return data instanceof Uint16Array ? data : new Uint8Array(data.buffer, data.byteOffset, count);
  }
  const bytesPerRow = Math.ceil((samplesPerRow * depth) / 8);
  if (data.length < bytesPerRow * height) {
    throw new ImageError('invalid_image', `PNG is truncated: ${data.length} bytes of image data, ${bytesPerRow * height} expected`);
  }
  const mask = (1 << depth) - 1;
  const out = new Uint8Array(count);
  for (let y = 0; y < height; y++) {
    const rowStart = y * bytesPerRow;
    for (let x = 0; x < samplesPerRow; x++) {
      const bit = x * depth;
      const byte = data[rowStart + (bit >> 3)] ?? 0;
      out[y * samplesPerRow + x] = (byte >> (8 - depth - (bit & 7))) & mask; // MSB first
    }
  }
  return out;
}

/** Rescales samples in [0, maxSample] to [0, 255], rounding to nearest. */
function to8Bit(samples: Uint8Array | Uint16Array, maxSample: number): Uint8Array {
  if (maxSample === 255 && samples instanceof Uint8Array) return samples;
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    out[i] = Math.round(((samples[i] ?? 0) * 255) / maxSample);
  }
  return out;
}

function expandPalette(indices: Uint8Array | Uint16Array, palette: number[][], width: number, height: number): RawImage {
  // fast-png appends alpha to every entry when a tRNS chunk exists, so entries are RGB or RGBA.
  const channels = palette[0]?.length === 4 ? 4 : 3;
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] ?? 0;
    const color = palette[index];
    if (!color) {
      throw new ImageError('invalid_image', `PNG is corrupt: pixel ${i} uses palette index ${index}, the palette has ${palette.length} entries`);
    }
    for (let c = 0; c < channels; c++) data[i * channels + c] = color[c] ?? 255;
  }
  return { data, width, height, channels };
}

/** Gray or RGB with a tRNS colour key: pixels equal to the key (compared at full depth) get alpha 0. */
function applyColorKey(
  samples: Uint8Array | Uint16Array,
  colorKey: Uint16Array,
  width: number,
  height: number,
  channels: 1 | 3,
  maxSample: number,
): RawImage {
  const pixels = width * height;
  const outChannels = channels === 1 ? 2 : 4;
  const data = new Uint8Array(pixels * outChannels);
  for (let p = 0; p < pixels; p++) {
    let matches = true;
    for (let c = 0; c < channels; c++) {
      const sample = samples[p * channels + c] ?? 0;
      if (sample !== colorKey[c]) matches = false;
      data[p * outChannels + c] = Math.round((sample * 255) / maxSample);
    }
    data[p * outChannels + channels] = matches ? 0 : 255;
  }
  return { data, width, height, channels: outChannels };
}
