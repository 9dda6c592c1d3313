import { ImageError } from './image-error';
import { inflatePng } from './inflate-png';
import type { RawImage } from './raw-image';
import { unfilterPng } from './unfilter-png';

/** IHDR byte offsets: signature (8) + length (4) + type (4) + width (4) + height (4). */
const IHDR_BIT_DEPTH = 24;
const IHDR_INTERLACE = 28;
const COLOR_TYPE_INDEXED = 3;

const corrupt = (message: string) => new ImageError('invalid_image', `PNG is corrupt: ${message}`);

/**
 * Decodes a PNG into 8-bit interleaved pixels. Bit depths 1/2/4 are unpacked and scaled to
 * 0–255, 16-bit samples are rounded to 8 bits, palettes are expanded to RGB(A), and a `tRNS`
 * colour key becomes an alpha channel. The file is read and inflated once (`inflatePng`), which
 * checks the structure and CRCs and says what is wrong in words; then the row filters are
 * reversed (`unfilterPng`).
 *
 * Expects `bytes` already accepted by `readImageHeader` (and its size by the caller).
 *
 * @example
 * const image = decodePng(pngBytes); // { data, width, height, channels: 1 | 2 | 3 | 4 }
 */
export function decodePng(bytes: Uint8Array): RawImage {
  const headerBitDepth = bytes[IHDR_BIT_DEPTH] ?? 0;
  if (bytes[IHDR_INTERLACE] === 1 && headerBitDepth < 8) {
    // Refused before any work: Adam7 passes of sub-byte samples are not unpacked.
    throw new ImageError('unsupported_media_type', `interlaced PNG with bit depth ${headerBitDepth} is not supported`);
  }
  const png = inflatePng(bytes);
  const { width, height, bitDepth, channels, colorType } = png;
  const samples = unpackSamples(unfilterPng(png), bitDepth, colorType === COLOR_TYPE_INDEXED ? width : width * channels, height);
  // Truecolour PNGs may carry a suggested palette too; only the colour type says "indexed".
  if (colorType === COLOR_TYPE_INDEXED) {
    if (png.palette === undefined) throw corrupt('an indexed-colour image with no PLTE chunk (palette)');
    return expandPalette(samples, paletteOf(png.palette, png.transparency), width, height);
  }
  const maxSample = 2 ** bitDepth - 1;
  if (png.transparency !== undefined && (channels === 1 || channels === 3)) {
    return applyColorKey(samples, colorKeyOf(png.transparency, channels), width, height, channels, maxSample);
  }
  return { data: to8Bit(samples, maxSample), width, height, channels };
}

/** One sample per array element, rows unpadded, values still at the PNG's bit depth. */
function unpackSamples(data: Uint8Array | Uint16Array, depth: number, samplesPerRow: number, height: number): Uint8Array | Uint16Array {
  if (depth >= 8) return data;
  const bytesPerRow = Math.ceil((samplesPerRow * depth) / 8);
  const mask = (1 << depth) - 1;
  const out = new Uint8Array(samplesPerRow * height);
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

/** A palette's entries, RGB, or RGBA when the file has a tRNS chunk (entries past its end are opaque). */
interface Palette {
  colors: Uint8Array;
  channels: 3 | 4;
  entries: number;
}

function paletteOf(plte: Uint8Array, trns: Uint8Array | undefined): Palette {
  if (plte.length === 0 || plte.length % 3 !== 0) throw corrupt(`its PLTE chunk has ${plte.length} bytes, not a positive multiple of 3 (RGB entries)`);
  const entries = plte.length / 3;
  if (trns === undefined) return { colors: plte, channels: 3, entries };
  if (trns.length > entries) throw corrupt(`its tRNS chunk has ${trns.length} alpha values for a palette of ${entries} entries`);
  const colors = new Uint8Array(entries * 4);
  for (let i = 0; i < entries; i++) {
    colors[i * 4] = plte[i * 3] ?? 0;
    colors[i * 4 + 1] = plte[i * 3 + 1] ?? 0;
    colors[i * 4 + 2] = plte[i * 3 + 2] ?? 0;
    colors[i * 4 + 3] = trns[i] ?? 255;
  }
  return { colors, channels: 4, entries };
}

/** The tRNS colour key of a gray (one 16-bit value) or RGB image (three). */
function colorKeyOf(trns: Uint8Array, channels: 1 | 3): Uint16Array {
  if (trns.length !== channels * 2) throw corrupt(`its tRNS chunk has ${trns.length} bytes; a colour key for ${channels === 1 ? 'gray' : 'RGB'} has ${channels * 2}`);
  return Uint16Array.from({ length: channels }, (_, c) => ((trns[2 * c] ?? 0) << 8) | (trns[2 * c + 1] ?? 0));
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

function expandPalette(indices: Uint8Array | Uint16Array, palette: Palette, width: number, height: number): RawImage {
  const { colors, channels, entries } = palette;
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] ?? 0;
    if (index >= entries) throw corrupt(`pixel ${i} uses palette index ${index}, the palette has ${entries} entries`);
    for (let c = 0; c < channels; c++) data[i * channels + c] = colors[index * channels + c] ?? 255;
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
