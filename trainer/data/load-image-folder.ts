import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { decodeImage, defaultPreprocessSpec, ImageError, preparePixels } from '../../shared/preprocess';
import type { ChannelCount, InputSpec } from '../../shared/preprocess';
import { createRng } from '../train/create-rng';
import type { Dataset, DatasetSplit } from './dataset';
import { isGrayImage } from './is-gray-image';
import type { PrepareProgress } from './load-idx-dir';
import { cachedChannels, preparedCacheKey, readPreparedCache, writePreparedCache } from './prepared-cache';
import type { PreparedImages } from './prepared-cache';
import { scanImageFolder } from './scan-image-folder';
import type { ScannedFile } from './scan-image-folder';
import { stratifiedSplit } from './stratified-split';

export interface LoadImageFolderOptions {
  /** Model input height × width; default 28×28 for gray data, 32×32 for color. */
  size?: { height: number; width: number };
  /** 1 or 3; default: 1 when every image is gray, else 3. */
  channels?: ChannelCount;
  /** Fraction of each class held out for testing when the folder has no train/test split. */
  testSplit: number;
  seed: number;
  /** Where prepared 8-bit images are cached between runs. */
  cacheDir: string;
  /** Decoder pixel limit per image. */
  maxPixels: number;
  onProgress?: PrepareProgress;
}

async function decodeFile(file: ScannedFile, maxPixels: number) {
  return decodeImage(new Uint8Array(await readFile(file.path)), { maxPixels });
}

/** 1 when every readable image is gray, else 3 (stops at the first color image). */
async function inferChannels(files: readonly ScannedFile[], maxPixels: number): Promise<ChannelCount> {
  for (const file of files) {
    try {
      if (!isGrayImage(await decodeFile(file, maxPixels))) return 3;
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
    }
  }
  return 1;
}

async function prepareAll(files: readonly ScannedFile[], input: InputSpec, options: LoadImageFolderOptions): Promise<PreparedImages> {
  const spec = defaultPreprocessSpec(input);
  const bytesPerImage = input.height * input.width * input.channels;
  const pixels = new Uint8Array(files.length * bytesPerImage);
  const fileIndex: number[] = [];
  const skipped: { path: string; reason: string }[] = [];
  for (const [index, file] of files.entries()) {
    try {
      pixels.set(preparePixels(await decodeFile(file, options.maxPixels), spec), fileIndex.length * bytesPerImage);
      fileIndex.push(index);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      skipped.push({ path: file.path, reason: error.message });
    }
    if ((index + 1) % 100 === 0 || index + 1 === files.length) options.onProgress?.(index + 1, files.length);
  }
  return { pixels: pixels.slice(0, fileIndex.length * bytesPerImage), fileIndex: Uint32Array.from(fileIndex), skipped };
}

function subset(prepared: PreparedImages, positions: readonly number[], files: readonly ScannedFile[], labels: readonly string[], bytesPerImage: number): DatasetSplit {
  const pixels = new Uint8Array(positions.length * bytesPerImage);
  const targets = new Uint8Array(positions.length);
  const sources: string[] = [];
  positions.forEach((position, row) => {
    pixels.set(prepared.pixels.subarray(position * bytesPerImage, (position + 1) * bytesPerImage), row * bytesPerImage);
    const file = files[prepared.fileIndex[position] as number] as ScannedFile;
    targets[row] = labels.indexOf(file.label);
    sources.push(file.path);
  });
  return { pixels, targets, count: positions.length, sources };
}

/**
 * An image-folder dataset: `<dir>/<label>/*.png|jpg|jpeg` (or `train/` + `test/` subfolders).
 * Each image is decoded and prepared once through `shared/preprocess` into an 8-bit cache keyed by
 * the files' paths, sizes and mtimes and the preprocessing spec, so a re-run skips preparation.
 * Undecodable files are skipped and listed; a class left without images is an error.
 */
export async function loadImageFolder(dir: string, options: LoadImageFolderOptions): Promise<Dataset> {
  const scanned = await scanImageFolder(dir);
  const { files, labels } = scanned;
  const channels = options.channels ?? (await cachedChannels(options.cacheDir, files, () => inferChannels(files, options.maxPixels))).channels;
  const size = options.size ?? (channels === 1 ? { height: 28, width: 28 } : { height: 32, width: 32 });
  const input: InputSpec = { ...size, channels };
  const preprocessing = defaultPreprocessSpec(input);
  const bytesPerImage = size.height * size.width * channels;

  const key = preparedCacheKey(files, preprocessing);
  const cached = await readPreparedCache(options.cacheDir, key, bytesPerImage);
  const prepared = cached ?? (await prepareAll(files, input, options));
  if (!cached) await writePreparedCache(options.cacheDir, key, bytesPerImage, prepared);

  for (const label of labels) {
    if (!Array.from(prepared.fileIndex).some((index) => files[index]?.label === label)) {
      throw new Error(`--data ${dir}: class "${label}" has no readable images (${prepared.skipped.length} files could not be decoded)`);
    }
  }
  const labelOf = (position: number) => labels.indexOf((files[prepared.fileIndex[position] as number] as ScannedFile).label);
  const positions = Array.from(prepared.fileIndex, (_, position) => position);
  let split: { train: number[]; test: number[] };
  if (scanned.presplit) {
    const splitOf = (position: number) => files[prepared.fileIndex[position] as number]?.split;
    split = { train: positions.filter((p) => splitOf(p) === 'train'), test: positions.filter((p) => splitOf(p) === 'test') };
  } else {
    split = stratifiedSplit(positions.map(labelOf), options.testSplit, createRng(options.seed ^ 0x5717));
  }
  return {
    name: basename(resolve(dir)),
    labels,
    input,
    preprocessing,
    train: subset(prepared, split.train, files, labels, bytesPerImage),
    test: subset(prepared, split.test, files, labels, bytesPerImage),
    skipped: prepared.skipped,
    cacheHit: cached !== undefined,
  };
}
