import { createApp } from './app';
import { bundledArtifact } from './model/bundled-artifact';
import { createStaticRegistry } from './model/model-registry';
import type { ModelRegistry } from './model/model-registry';

// Per-isolate cache: the bundled registry (and the model it loads) lives as long as the isolate.
let bundledRegistry: ModelRegistry | undefined;

export default createApp({
  registryFor(env) {
    bundledRegistry ??= createStaticRegistry([bundledArtifact()], env.DEFAULT_MODEL);
    return bundledRegistry;
  },
});
