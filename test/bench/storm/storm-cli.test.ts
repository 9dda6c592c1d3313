import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';

// `npm run storm` lives in bench/; the helper runs CLIs from trainer/cli/.
const STORM = '../../bench/storm/storm';

describe('npm run storm -- --inject', () => {
  it('should refuse a bad spec in one line before any run starts', async () => {
    const result = await runCli(STORM, ['--inject', 'lr*1000@20%:30', '--inject', 'pixles*1e12@45%']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--inject "pixles*1e12@45%"');
  });

  it('should refuse --inject together with --storms, naming both', async () => {
    const result = await runCli(STORM, ['--storms', '2', '--inject', 'nan@50%']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--inject.*--storms/);
  });
});
