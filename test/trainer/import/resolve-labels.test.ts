import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLabels } from '../../../trainer/import/resolve-labels';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-labels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveLabels', () => {
  it('should split --labels on commas and trim', async () => {
    expect(await resolveLabels({ labels: 'cat, dog ,bird' }, 3)).toEqual({ labels: ['cat', 'dog', 'bird'], from: '--labels' });
  });

  it('should read a labels file as lines or as a JSON array', async () => {
    const lines = join(dir, 'labels.txt');
    await writeFile(lines, 'red, green\r\nblue\n\n');
    expect((await resolveLabels({ labelsFile: lines }, 2)).labels).toEqual(['red, green', 'blue']);
    const json = join(dir, 'labels.json');
    await writeFile(json, '["a","b","c"]');
    expect(await resolveLabels({ labelsFile: json }, 3)).toEqual({ labels: ['a', 'b', 'c'], from: `--labels-file ${json}` });
  });

  it('should prefer the flags over metadata.json and use the metadata without them', async () => {
    const metadata = { labels: ['x', 'y'], from: 'metadata.json' };
    expect((await resolveLabels({ labels: 'p,q', metadata }, 2)).labels).toEqual(['p', 'q']);
    expect(await resolveLabels({ metadata }, 2)).toEqual({ labels: ['x', 'y'], from: 'metadata.json' });
  });

  it('should refuse a count that differs from the outputs, duplicates, empties, both flags, none', async () => {
    await expect(resolveLabels({ labels: 'a,b,c' }, 4)).rejects.toThrow('--labels: 3 labels, but the model has 4 outputs (one label per output, in output order)');
    await expect(resolveLabels({ labels: 'a,b,a' }, 3)).rejects.toThrow('--labels: label "a" appears twice');
    await expect(resolveLabels({ labels: 'a,,c' }, 3)).rejects.toThrow('--labels: label 2 is empty');
    await expect(resolveLabels({ labels: 'a', labelsFile: 'x' }, 1)).rejects.toThrow('--labels and --labels-file: give one of them, not both');
    await expect(resolveLabels({}, 2)).rejects.toThrow(/^no labels: pass --labels/);
    await expect(resolveLabels({ labelsFile: join(dir, 'missing.txt') }, 2)).rejects.toThrow(/missing\.txt: cannot read it \(ENOENT\)/);
  });
});
