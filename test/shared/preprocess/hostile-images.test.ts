import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PIXELS, decodeImage } from '../../../shared/preprocess/decode-image';
import { ImageError } from '../../../shared/preprocess/image-error';
import { SIGNATURE_BYTES } from '../../../shared/preprocess/png-layout';
import type { RawImage } from '../../../shared/preprocess/raw-image';
import { hostileImages, jpegVariantSeeds, pngVariantSeeds } from '../../helpers/hostile-image-corpus';
import type { HostileOutcome } from '../../helpers/hostile-image-corpus';
import { findFrameHeader, forgeJpegSize } from '../../helpers/jpeg-bytes';
import { hostileSize, mutatedImage } from '../../helpers/mutate-image';
import type { ImageKind } from '../../helpers/mutate-image';
import { forgePngSize } from '../../helpers/png-bytes';
import { readFixture } from './read-fixture';

const DIGIT_FILES = (JSON.parse(new TextDecoder().decode(readFixture('digits/index.json'))) as { file: string }[]).map(({ file }) => `digits/${file}`);
const ODD_PNGS = ['gray16-2x2.png', 'interlaced-mnist-test-0.png', 'palette-2bit-3x2.png', 'rgba-2x2.png'];

/** Valid files of each format to mutate: MNIST digits, the odd fixtures and hand-made variants. */
const SEEDS: Record<ImageKind, Uint8Array[]> = {
  png: [...DIGIT_FILES.filter((file) => file.endsWith('.png')).map(readFixture), ...ODD_PNGS.map((name) => readFixture(`odd/${name}`)), ...pngVariantSeeds()],
  jpeg: [...DIGIT_FILES.filter((file) => file.endsWith('.jpg')).map(readFixture), ...jpegVariantSeeds()],
};
const CASES_PER_FORMAT = 600;
/** Forged header sizes per format, on top of `CASES_PER_FORMAT`. */
const FORGED_CASES_PER_FORMAT = 200;
const options = { maxPixels: DEFAULT_MAX_PIXELS };
/** Limit for forged sizes: small, so a forgery that passes it decodes (and fails) fast. */
const FORGED_MAX_PIXELS = 1_000_000;
/** IHDR as a chunk: length, type, 13 bytes of data, CRC. */
const IHDR_CHUNK_BYTES = 4 + 4 + 13 + 4;

/** Decodes `bytes` and returns the outcome (and the error's message); anything thrown that is not an `ImageError` escapes. */
function outcomeOf(bytes: Uint8Array, maxPixels: number): { outcome: HostileOutcome; image?: RawImage; message?: string } {
  try {
    return { outcome: 'decoded', image: decodeImage(bytes, { maxPixels }) };
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    return { outcome: error.code, message: error.message };
  }
}

/** The file cut right after its header (PNG: signature and IHDR; JPEG: through its frame header), or undefined. */
function headerOnly(kind: ImageKind, bytes: Uint8Array): Uint8Array | undefined {
  if (kind === 'png') return bytes.subarray(0, SIGNATURE_BYTES + IHDR_CHUNK_BYTES);
  const frame = findFrameHeader(bytes);
  return frame < 0 ? undefined : bytes.subarray(0, frame + (((bytes[frame] ?? 0) << 8) | (bytes[frame + 1] ?? 0)));
}

/**
 * `bytes` was refused from its header alone, before any image data was read: the file cut right
 * after the header gets the same error, word for word (were the body read first, the cut file
 * would fail as truncated instead). This is what bounds the work on a forged size or a bomb.
 */
function expectRefusedFromHeader(kind: ImageKind, bytes: Uint8Array, maxPixels: number, name?: string): void {
  const full = outcomeOf(bytes, maxPixels);
  const header = headerOnly(kind, bytes);
  expect(header, name).toBeDefined();
  expect(outcomeOf(header ?? bytes, maxPixels), name).toEqual(full);
}

describe('decodeImage on hostile input', () => {
  it.each(['png', 'jpeg'] as const)('should decode every mutated %s to its header size or throw ImageError, nothing else', (kind) => {
    const seen = new Set<HostileOutcome>();
    fc.assert(
      fc.property(mutatedImage(kind, SEEDS[kind]), ({ bytes }) => {
        // A hang would show as this test's timeout; how long a decode takes is for the benchmarks.
        const { outcome, image } = outcomeOf(bytes, options.maxPixels);
        seen.add(outcome);
        if (image) expect(image.data.length).toBe(image.width * image.height * image.channels);
      }),
      { numRuns: CASES_PER_FORMAT, seed: kind === 'png' ? 8_001 : 8_002 },
    );
    // The corpus reaches the decoder and past it, not only the header checks.
    expect(seen).toContain('decoded');
    expect(seen).toContain('invalid_image');
    expect(seen).toContain('image_too_large');
  });

  it.each(['png', 'jpeg'] as const)('should refuse a forged %s size over the limit from the header alone', (kind) => {
    const forge = kind === 'png' ? forgePngSize : forgeJpegSize;
    const maxSide = kind === 'png' ? 2 ** 31 - 1 : 0xffff;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SEEDS[kind].length - 1 }), hostileSize, hostileSize, (seed, width, height) => {
        const forged = forge(SEEDS[kind][seed] ?? new Uint8Array(0), width, height);
        const { outcome } = outcomeOf(forged, FORGED_MAX_PIXELS);
        const storedWidth = kind === 'png' ? width >>> 0 : width & 0xffff;
        const storedHeight = kind === 'png' ? height >>> 0 : height & 0xffff;
        if (storedWidth === 0 || storedHeight === 0 || storedWidth > maxSide || storedHeight > maxSide) {
          expect(outcome).toBe('invalid_image');
          expectRefusedFromHeader(kind, forged, FORGED_MAX_PIXELS);
        } else if (storedWidth * storedHeight > FORGED_MAX_PIXELS) {
          expect(outcome).toBe('image_too_large');
          expectRefusedFromHeader(kind, forged, FORGED_MAX_PIXELS);
        } else {
          // Under the limit the decoder runs, on a body that does not match: it must still end.
          expect(['decoded', 'invalid_image', 'unsupported_media_type']).toContain(outcome);
        }
      }),
      { numRuns: FORGED_CASES_PER_FORMAT, seed: kind === 'png' ? 8_003 : 8_004 },
    );
  });

  it('should give every hand-made bomb and variant its one outcome, refusing oversized ones from the header', () => {
    const corpus = hostileImages(readFixture('digits/mnist-test-0-label-7.png'), readFixture('digits/mnist-test-0-label-7.jpg'));
    expect(corpus.length).toBeGreaterThan(20);
    for (const { name, format, bytes, outcome: expected } of corpus) {
      for (const maxPixels of [4_000_000, DEFAULT_MAX_PIXELS]) {
        const { outcome, message } = outcomeOf(bytes, maxPixels);
        expect(outcome, `${name} at ${maxPixels} pixels`).toBe(expected);
        if (outcome === 'image_too_large') expectRefusedFromHeader(format, bytes, maxPixels, name);
        // The control: a file that decodes needs its body, so its cut header fails.
        if (outcome === 'decoded') expect(outcomeOf(headerOnly(format, bytes) ?? bytes, maxPixels).outcome, name).toBe('invalid_image');
        // A bomb under the size limit stops at the header's size: the inflater's cap, not memory or time.
        if (name.includes('inflates to 64 MB')) expect(message).toMatch(/inflates to more than the \d+ bytes its 28×28 header allows/);
      }
    }
  });

  it('should decode the hand-made progressive, CMYK and iCCP-bomb variants to their real pixels', () => {
    const corpus = hostileImages(readFixture('digits/mnist-test-0-label-7.png'), readFixture('digits/mnist-test-0-label-7.jpg'));
    const pixelsOf = (name: string) => {
      const entry = corpus.find((candidate) => candidate.name === name);
      if (!entry) throw new Error(`no corpus entry ${name}`);
      return decodeImage(entry.bytes, options);
    };
    // Flat JPEGs: every coefficient is 0, so every sample is 128 (CMYK 128s through jpeg-js's inversion give 64).
    for (const name of ['jpeg progressive (SOF2) gray', 'jpeg progressive (SOF2) YCbCr']) {
      const image = pixelsOf(name);
      expect(image).toMatchObject({ width: 30, height: 17, channels: 3 });
      expect(new Set(image.data)).toEqual(new Set([128]));
    }
    expect(new Set(pixelsOf('jpeg CMYK with Adobe APP14').data)).toEqual(new Set([64]));
    // The ICC profile is ignored: same pixels as the file without it.
    expect(pixelsOf('png with a 64 MB iCCP bomb').data).toEqual(decodeImage(readFixture('digits/mnist-test-0-label-7.png'), options).data);
  });
});
