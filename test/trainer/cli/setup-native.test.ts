import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIVE_SETUP, setupNativeArgs } from '../../../trainer/cli/setup-native';
import { ROOT } from '../../helpers/run-cli';

interface PackageJson {
  scripts: Record<string, string>;
  allowScripts: Record<string, boolean>;
  peerDependencies: Record<string, string>;
}

const packageJson = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

describe('setup:gpu and setup:cpu-native', () => {
  it.each([
    ['setup:gpu', 'tfjs-node-gpu'],
    ['setup:cpu-native', 'tfjs-node'],
  ] as const)('should make %s run npm install of %s without --allow-scripts, approved in allowScripts, at the peer version', (script, name) => {
    expect(packageJson.scripts[script]).toBe(`node --import tsx trainer/cli/setup-native.ts ${name}`);
    const args = setupNativeArgs(name);
    // npm 11: "--allow-scripts is not allowed in project-scoped installs" (EALLOWSCRIPTS).
    expect(args.some((arg) => arg.startsWith('--allow-scripts'))).toBe(false);
    expect(args.slice(0, 2)).toEqual(['install', '--no-save']);
    const spec = args.at(-1) ?? '';
    const packageName = spec.slice(0, spec.lastIndexOf('@'));
    expect(packageJson.allowScripts[packageName]).toBe(true);
    expect(spec).toBe(`${packageName}@${packageJson.peerDependencies[packageName]}`);
    expect(NATIVE_SETUP[name].needs).toMatch(/internet/);
  });
});
