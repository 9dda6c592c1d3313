import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EAGER_SETUP_KERNELS } from '../../worker/inference/defer-kernel-setup';

const kernelsDir = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js')), 'kernels');

// Runs in Node: it reads the package's kernel sources, which workerd cannot.
describe('EAGER_SETUP_KERNELS', () => {
  it("should name every wasm kernel that another kernel calls directly and that has a setup", async () => {
    const files = (await readdir(kernelsDir)).filter((file) => file.endsWith('.js'));
    const sources = new Map(await Promise.all(files.map(async (file) => [file.replace(/\.js$/, ''), await readFile(join(kernelsDir, file), 'utf8')] as const)));
    // `import { transpose } from './Transpose';` — a kernel module imported by another module.
    const imported = new Set([...sources.values()].flatMap((source) => [...source.matchAll(/^import \{[^}]*\} from '\.\/(\w+)';$/gm)].map((match) => match[1] ?? '')));
    // Of those, the kernel modules whose config has a setup (`setupFunc: setup`).
    const needed = [...imported].filter((name) => /\bsetupFunc\b/.test(sources.get(name) ?? '') && /\bkernelName: \w+/.test(sources.get(name) ?? ''));
    expect(needed.length).toBeGreaterThan(0);
    expect(needed.sort()).toEqual([...EAGER_SETUP_KERNELS].sort());
  });
});
