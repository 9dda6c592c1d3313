import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../trainer/cli/parse-cli-flags';
import { parseConnectionLevels } from '../../../bench/serve/parse-connection-levels';

describe('parseConnectionLevels', () => {
  it('should keep the levels in the order given, spaces allowed', () => {
    expect(parseConnectionLevels('64, 1,8')).toEqual([64, 1, 8]);
  });

  it.each(['0', '1.5', 'x', '1,,8', '', '2000'])('should refuse "%s" with a UsageError naming --connections', (text) => {
    expect(() => parseConnectionLevels(text)).toThrow(UsageError);
    expect(() => parseConnectionLevels(text)).toThrow('--connections');
  });

  it('should refuse a level listed twice', () => {
    expect(() => parseConnectionLevels('1,8,1')).toThrow('1 is listed twice');
  });
});
