import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// CI asks for a JSON report too (see .ci/run), to print one plain summary line.
const jsonReport = process.env.EDGEFUSE_VITEST_JSON;

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: on this project's 2-core machines one
    // file at a time, with the second core idle during the long single-threaded training files.
    maxWorkers: 2,
    ...(jsonReport ? { reporters: ['default', 'json'], outputFile: { json: jsonReport } } : {}),
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/shared/**/*.test.ts', 'test/trainer/**/*.test.ts', 'test/bench/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/worker/**/*.node.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // A second worker that calls the worker under test over RPC, as a user's worker would
              // (test/worker/rpc-classifier.test.ts); the tests reach it through RPC_CALLER.
              serviceBindings: { RPC_CALLER: 'rpc-caller' },
              workers: [
                {
                  name: 'rpc-caller',
                  modules: true,
                  scriptPath: './test/worker/rpc-caller-worker.js',
                  compatibilityDate: '2026-11-01',
                  // The worker under test runs as the pool's runner (its name in wrangler.toml is
                  // rewritten only for its own bindings), so the binding names the runner.
                  serviceBindings: { CLASSIFIER: { name: 'vitest-plugin-runner-workers', entrypoint: 'Classifier' } },
                },
              ],
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['test/worker/**/*.test.ts'],
          // Checks of worker code against package sources on disk run in the Node project.
          exclude: ['test/worker/**/*.node.test.ts'],
          globalSetup: ['test/worker/global-setup.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
