import { describe, expect, it } from 'vitest';
import { describeAdapter, formatAdapter } from '../../../../trainer/backends/webgpu';

describe('describeAdapter', () => {
  it('should call Mesa llvmpipe through OpenGL ES software, never hardware', () => {
    const adapter = describeAdapter({ vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' }, 'opengles', 'compatibility');
    expect(adapter).toMatchObject({ software: true, hardware: false, driver: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' });
    expect(formatAdapter(adapter)).toBe('llvmpipe-llvm-15-0-6-256-bits- (OpenGL version OpenGL ES 3.2 Mesa 22.3.6; opengles, compatibility; software)');
  });

  it.each([
    [{ vendor: 'nvidia', architecture: 'ada-lovelace', device: '', description: 'NVIDIA: 550.54.15 550.54.15.0' }, true],
    [{ vendor: 'amd', architecture: 'rdna-3', device: '', description: 'AMD open-source driver' }, true],
    [{ vendor: 'intel', architecture: 'gen-12lp', device: '', description: 'Intel open-source Mesa driver' }, true],
    [{ vendor: 'apple', architecture: 'metal-3', device: '', description: '' }, true],
    [{ vendor: 'mesa', architecture: '', device: 'llvmpipe (LLVM 19.1.7, 256 bits)', description: 'Mesa 25.0.7' }, false],
    [{ vendor: 'google', architecture: 'swiftshader', device: 'SwiftShader Device (Subzero)', description: '' }, false],
    [{ vendor: 'nvidia', architecture: '', device: '', description: '', isFallbackAdapter: true }, false],
    [{ vendor: 'qualcomm', architecture: 'adreno', device: '', description: '' }, false],
  ])('should take %o for hardware: %s', (info, hardware) => {
    expect(describeAdapter(info, 'vulkan', 'core').hardware).toBe(hardware);
  });
});
