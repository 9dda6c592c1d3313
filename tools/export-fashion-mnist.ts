// `node --import tsx tools/export-fashion-mnist.ts [--out DIR]`: writes Fashion-MNIST (the
// `fashion-mnist` devDependency, nothing downloaded) as PNG folders, `DIR/train/<label>/*.png` and
// `DIR/test/<label>/*.png`, to measure training on an image folder (issue 16's acceptance run).
// The package keeps 7,000 images per class. Class 0's list has an empty entry after its first
// 1,000 images (and one at the end), which marks the package's order: each class's 1,000 test
// images, then its 6,000 training images. So the first 1,000 of each class go to test/, the
// rest to train/ (the official 60k/10k split, class by class); empty entries are skipped.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { encode as encodePng } from 'fast-png';

/** Class names by index (Fashion-MNIST's), as folder names. */
const LABELS = ['tshirt-top', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle-boot'];
const TEST_PER_CLASS = 1000;
const SIZE = 28;

const { values } = parseArgs({ options: { out: { type: 'string', default: '.cache/fashion-mnist' } } });
const out = values.out ?? '.cache/fashion-mnist';
const packageDir = dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
const staging = `${out}.staging-${process.pid}`;
await rm(staging, { recursive: true, force: true });
let written = 0;
for (const [index, label] of LABELS.entries()) {
  const { data } = JSON.parse(await readFile(join(packageDir, 'src', 'clothes', `${index}.json`), 'utf8')) as { data: number[][] };
  for (const split of ['train', 'test']) await mkdir(join(staging, split, label), { recursive: true });
  const images = data.filter((pixels) => pixels.length > 0);
  for (const [position, pixels] of images.entries()) {
    if (pixels.length !== SIZE * SIZE) throw new Error(`class ${index} image ${position}: ${pixels.length} pixels, expected ${SIZE * SIZE}`);
    const split = position < TEST_PER_CLASS ? 'test' : 'train';
    const png = encodePng({ width: SIZE, height: SIZE, channels: 1, depth: 8, data: Uint8Array.from(pixels) });
    await writeFile(join(staging, split, label, `${String(position).padStart(5, '0')}.png`), png);
    written++;
  }
}
await rm(out, { recursive: true, force: true });
await rename(staging, out);
process.stdout.write(`wrote ${written} PNGs to ${out}/{train,test}/<label>/\n`);
