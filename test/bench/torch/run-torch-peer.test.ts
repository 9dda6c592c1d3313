import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectTorch, runTorchPeer, torchPython } from '../../../bench/torch/run-torch-peer';
import type { TorchPeerOptions } from '../../../bench/torch/run-torch-peer';
import { mnistDataDir } from '../../../trainer/data/load-mnist';

const SYSTEM_PYTHON = '/usr/bin/python3';
const systemPythonExists = existsSync(SYSTEM_PYTHON);
// CI machines may have no PyTorch: the real peer run is skipped there.
const torchAvailable = systemPythonExists && (await detectTorch(SYSTEM_PYTHON)).ok;

const tinyRun: TorchPeerOptions = {
  model: 'cnn-small', batchSize: 16, threads: 1, warmupSteps: 2, measuredSteps: 3, lr: 0.003, labelSmoothing: 0.1, dropout: 0.25,
  mnistDir: mnistDataDir(), trainLimit: 256, numClasses: 10, seed: 42, python: SYSTEM_PYTHON,
};

/** A real python that cannot see site-packages (so no torch, no numpy): the system python with -S. */
async function withPythonWithoutSitePackages(use: (python: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'edgefuse-python-'));
  try {
    const python = join(dir, 'python3');
    await writeFile(python, `#!/bin/sh\nexec ${SYSTEM_PYTHON} -S "$@"\n`);
    await chmod(python, 0o755);
    await use(python);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('torchPython', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('should use EDGEFUSE_PYTHON when set, else the system python', () => {
    vi.stubEnv('EDGEFUSE_PYTHON', '/opt/test/python');
    expect(torchPython()).toBe('/opt/test/python');
    vi.stubEnv('EDGEFUSE_PYTHON', '');
    expect(torchPython()).toBe(SYSTEM_PYTHON);
  });
});

describe('detectTorch', () => {
  it('should say a missing python was not found', async () => {
    const result = await detectTorch('/nonexistent/edgefuse/python3');
    expect(result).toEqual({ ok: false, reason: '/nonexistent/edgefuse/python3 not found' });
  });

  it.skipIf(!systemPythonExists)('should report the import error of a python without torch', async () => {
    await withPythonWithoutSitePackages(async (python) => {
      const result = await detectTorch(python);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain("No module named 'torch'");
    });
  });
});

describe('runTorchPeer', () => {
  it.skipIf(!systemPythonExists)("should fail with python's stderr when the peer cannot start", async () => {
    await withPythonWithoutSitePackages(async (python) => {
      await expect(runTorchPeer({ ...tinyRun, python })).rejects.toThrow(/exited with code 1; stderr:\n[\s\S]*No module named/);
    });
  });

  it.skipIf(!torchAvailable)('should train a few steps in PyTorch and echo the thread count', async () => {
    const result = await runTorchPeer(tinyRun);
    expect(result.samplesPerSecond).toBeGreaterThan(0);
    expect(result.threads).toBe(1);
    expect(result.measuredSteps).toBe(3);
    expect(result.torchVersion).toMatch(/^\d+\.\d+/);
    expect(result.finalLoss).toBeGreaterThan(0);
  });
});
