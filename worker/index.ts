import { createApp } from './app';
import { bundledArtifact } from './model/bundled-artifact';
import { createIsolateRegistry } from './model/create-isolate-registry';

export type { AppType } from './app';

// The worker: one app per isolate, whose registry (and loaded models) live as long as the isolate.
export default createApp({ registryFor: createIsolateRegistry({ bundled: () => [bundledArtifact()] }) });
