import type { RequestIdVariables } from 'hono/request-id';
import type { SecureHeadersVariables } from 'hono/secure-headers';
import type { TimingVariables } from 'hono/timing';
import type { WorkerConfig } from './config/read-worker-config';
import type { ModelRegistry } from './model/model-registry';
import type { PredictLogLine } from './observability/predict-log-line';

/** Hono's environment for every route: the worker's bindings and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: WorkerConfig;
    registry: ModelRegistry;
    /** What the predict handler knows so far, for the request's log line. */
    predictLog?: Partial<PredictLogLine>;
    /** The CORS and security headers of this response (`apiContext()`), for a handler that builds its own. */
    apiHeaders: Readonly<Record<string, string>>;
  } & RequestIdVariables & TimingVariables & SecureHeadersVariables;
}
