import { describe, expect, it } from 'vitest';
import { renderPhotoModelMd } from '../../../bench/report/render-photo-model-md';

describe('renderPhotoModelMd', () => {
  it('should say how to produce the result when it is missing', () => {
    expect(renderPhotoModelMd(undefined)).toContain('_No result yet: run `npm run bench:photo` (writes bench-results/photo-model.json)._');
  });

  it('should render one table row per measured configuration', () => {
    const lines = renderPhotoModelMd({
      name: 'photo-model', command: 'npm run bench:photo', measuredAt: '2026-12-02T00:00:00.000Z',
      machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: 'v22' },
      result: { rows: [{ size: 96, width: 0.5, parameters: 115938, multiplyAdds: 3_210_000, artifactBytes: 137_235, medianMs: 3 }], mnistMs: 1, loadAverage: 0.5 },
    });
    expect(lines).toContain('| 96×96×3 | 0.50 | 115938 | 3.2M | 134.0 KB | 3 ms |');
    expect(lines.some((line) => line.includes('load average was 0.5 on 2 cores'))).toBe(true);
  });
});
