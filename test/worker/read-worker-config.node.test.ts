import { describe, expect, it } from 'vitest';
import { readWorkerConfig } from '../../worker/config/read-worker-config';

describe('readWorkerConfig', () => {
  it('should give every var its default when none is set, ignoring bindings beside them', () => {
    expect(readWorkerConfig({ MODELS: {} })).toEqual({
      defaultModel: 'mnist', maxBodyBytes: 10 * 1024 * 1024, maxImagePixels: 4_000_000, maxBatchSize: 32,
      registryTtlMs: 30_000, modelCacheBytes: 64 * 1024 * 1024, corsOrigins: '*', apiToken: undefined,
    });
  });

  it('should read the vars as wrangler.toml writes them (strings)', () => {
    const config = readWorkerConfig({
      DEFAULT_MODEL: 'fashion', MAX_BODY_BYTES: '2048', MAX_IMAGE_PIXELS: '784', MAX_BATCH_SIZE: '4',
      REGISTRY_TTL_SECONDS: '0', MODEL_CACHE_BYTES: '1000', CORS_ORIGINS: ' https://a.example , https://b.example,', API_TOKEN: 'tok',
    });
    expect(config).toEqual({
      defaultModel: 'fashion', maxBodyBytes: 2048, maxImagePixels: 784, maxBatchSize: 4,
      registryTtlMs: 0, modelCacheBytes: 1000, corsOrigins: ['https://a.example', 'https://b.example'], apiToken: 'tok',
    });
  });

  it('should allow every origin when the list holds *, or nothing, and no token when the secret is empty', () => {
    expect(readWorkerConfig({ CORS_ORIGINS: 'https://a.example,*' }).corsOrigins).toBe('*');
    expect(readWorkerConfig({ CORS_ORIGINS: ' , ' }).corsOrigins).toBe('*');
    expect(readWorkerConfig({ API_TOKEN: '' }).apiToken).toBeUndefined();
  });

  it.each([
    [{ MAX_BODY_BYTES: '10MB' }, 'invalid worker var MAX_BODY_BYTES: must be a non-negative integer'],
    [{ MAX_BATCH_SIZE: '-1' }, 'invalid worker var MAX_BATCH_SIZE: must be a non-negative integer'],
    [{ MAX_BATCH_SIZE: '1.5' }, 'invalid worker var MAX_BATCH_SIZE: must be a non-negative integer'],
    [{ MAX_BATCH_SIZE: '0' }, 'invalid worker var MAX_BATCH_SIZE: must be at least 1'],
    [{ MODEL_CACHE_BYTES: '99999999999999999999' }, `invalid worker var MODEL_CACHE_BYTES: must be at most ${Number.MAX_SAFE_INTEGER}`],
    [{ REGISTRY_TTL_SECONDS: 30 }, 'invalid worker var REGISTRY_TTL_SECONDS: must be a non-negative integer'],
    [{ DEFAULT_MODEL: '' }, 'invalid worker var DEFAULT_MODEL: must not be empty'],
    [{ CORS_ORIGINS: ['*'] }, 'invalid worker var CORS_ORIGINS: must be a string'],
  ])('should refuse %j, naming the var', (env, message) => {
    expect(() => readWorkerConfig(env)).toThrow(message);
  });

  it('should accept 0 only where it means something (a TTL of 0 re-reads the pointer every time)', () => {
    expect(readWorkerConfig({ REGISTRY_TTL_SECONDS: '0' }).registryTtlMs).toBe(0);
    expect(() => readWorkerConfig({ MAX_IMAGE_PIXELS: '0' })).toThrow('must be at least 1');
  });
});
