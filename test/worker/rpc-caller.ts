import { env } from 'cloudflare:workers';

/** What the caller worker got back from one `env.CLASSIFIER.<method>(...args)` call. */
export type RpcCallResult =
  | { ok: true; value: unknown }
  | { ok: false; error: { name: string; message: string; code: unknown; status: unknown } };

/** The caller worker's entrypoint (test/worker/rpc-caller-worker.js), bound to the tests as RPC_CALLER. */
export interface RpcCaller extends Rpc.WorkerEntrypointBranded {
  call(method: 'predict' | 'models' | 'describe', args: unknown[]): Promise<RpcCallResult>;
}

declare global {
  namespace Cloudflare {
    interface Env {
      /** Bound by vitest.config.ts (tests only): the second worker that calls edgefuse over RPC. */
      RPC_CALLER: Service<RpcCaller>;
    }
  }
}

/** Calls `env.CLASSIFIER[method](...args)` from the caller worker, through a real service binding. */
export function callClassifier(method: 'predict' | 'models' | 'describe', ...args: unknown[]): Promise<RpcCallResult> {
  return env.RPC_CALLER.call(method, args);
}
