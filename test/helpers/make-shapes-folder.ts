// Builds small image-folder datasets on the fly for tests: colored shapes on noisy backgrounds,
// written as PNG and JPEG files of odd sizes, one class folder per shape (names given by caller).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { createRng } from '../../trainer/train/create-rng';
import type { Rng } from '../../trainer/train/create-rng';

export type Shape = 'disc' | 'square' | 'cross' | 'ring';

export interface ShapesFolderOptions {
  /** Class folder name → shape drawn in it. */
  classes: Record<string, Shape>;
  perClass: number;
  seed: number;
  /** Gray images (one channel PNG, gray JPEG) instead of color. */
  gray?: boolean;
  /** Every third image is a JPEG (the rest PNG); sizes vary between 24 and 40 pixels. */
  mixFormats?: boolean;
}

const COLORS: Record<Shape, [number, number, number]> = {
  disc: [220, 40, 40],
  square: [40, 180, 60],
  cross: [50, 80, 230],
  ring: [230, 200, 30],
};

function inside(shape: Shape, dx: number, dy: number, radius: number): boolean {
  const distance = Math.hypot(dx, dy);
  switch (shape) {
    case 'disc':
      return distance <= radius;
    case 'square':
      return Math.abs(dx) <= radius * 0.8 && Math.abs(dy) <= radius * 0.8;
    case 'cross':
      return (Math.abs(dx) <= radius * 0.3 && Math.abs(dy) <= radius) || (Math.abs(dy) <= radius * 0.3 && Math.abs(dx) <= radius);
    case 'ring':
      return distance <= radius && distance >= radius * 0.55;
  }
}

/** One RGBA image of `shape` at a random place and size, on a noisy dark background. */
export function drawShape(shape: Shape, size: number, rng: Rng): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const radius = size * (0.22 + rng() * 0.12);
  const cx = radius + rng() * (size - 2 * radius);
  const cy = radius + rng() * (size - 2 * radius);
  const [r, g, b] = COLORS[shape];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 4;
      const noise = Math.floor(rng() * 50);
      const hit = inside(shape, x + 0.5 - cx, y + 0.5 - cy, radius);
      rgba[at] = hit ? r : noise;
      rgba[at + 1] = hit ? g : noise;
      rgba[at + 2] = hit ? b : noise;
      rgba[at + 3] = 255;
    }
  }
  return rgba;
}

function toGray(rgba: Uint8Array): Uint8Array {
  const gray = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < gray.length; i++) {
    gray[i] = Math.round(0.299 * (rgba[i * 4] ?? 0) + 0.587 * (rgba[i * 4 + 1] ?? 0) + 0.114 * (rgba[i * 4 + 2] ?? 0));
  }
  return gray;
}

/** Writes the dataset below `dir` and returns the files written per class. */
export async function makeShapesFolder(dir: string, options: ShapesFolderOptions): Promise<Record<string, string[]>> {
  const rng = createRng(options.seed);
  const written: Record<string, string[]> = {};
  for (const [label, shape] of Object.entries(options.classes)) {
    const classDir = join(dir, label);
    await mkdir(classDir, { recursive: true });
    written[label] = [];
    for (let index = 0; index < options.perClass; index++) {
      const size = options.mixFormats ? 24 + Math.floor(rng() * 17) : 32;
      const rgba = drawShape(shape, size, rng);
      const jpeg = options.mixFormats === true && index % 3 === 2;
      const file = join(classDir, `${String(index).padStart(4, '0')}.${jpeg ? 'jpg' : 'png'}`);
      let bytes: Uint8Array;
      if (jpeg) {
        const source = options.gray ? toGray(rgba).reduce((out, value, i) => (out.fill(value, i * 4, i * 4 + 3), out), new Uint8Array(rgba)) : rgba;
        bytes = new Uint8Array(encodeJpeg({ width: size, height: size, data: source }, 92).data);
      } else if (options.gray) {
        bytes = encodePng({ width: size, height: size, data: toGray(rgba), channels: 1, depth: 8 });
      } else {
        bytes = encodePng({ width: size, height: size, data: rgba, channels: 4, depth: 8 });
      }
      await writeFile(file, bytes);
      written[label]?.push(file);
    }
  }
  return written;
}
