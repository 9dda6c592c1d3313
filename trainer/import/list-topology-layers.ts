/** One layer of a Keras / tfjs topology JSON, wherever it is nested. */
export interface TopologyLayer {
  /** The layer's `config.name` (`(unnamed)` when it has none). */
  name: string;
  className: string;
  /** Names of the models that contain it, outermost first (empty at the top level). */
  path: string[];
}

/** Layer classes that hold other layers: models (in `config.layers`) and wrappers (in `config.layer`). */
const CONTAINERS = new Set(['Sequential', 'Model', 'Functional']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The layer list of a model entry: `config.layers`, or `config` itself in Keras 2.2's Sequential. */
function childLayers(entry: Record<string, unknown>): unknown[] {
  const { config } = entry;
  if (Array.isArray(config)) return config;
  if (isRecord(config) && Array.isArray(config.layers)) return config.layers;
  return [];
}

/**
 * Every layer of a model topology, depth first: the layers of nested models (Teachable Machine
 * nests a functional MobileNet in a Sequential) and of wrappers (`Bidirectional`,
 * `TimeDistributed`) included. Accepts the topology as model.json holds it, with or without
 * the Keras converter's `model_config` wrapper.
 *
 * @example
 * listTopologyLayers(modelJson.modelTopology).map((layer) => layer.className); // ['Conv2D', 'Flatten', 'Dense']
 */
export function listTopologyLayers(topology: Record<string, unknown>): TopologyLayer[] {
  const root = isRecord(topology.model_config) ? topology.model_config : topology;
  const layers: TopologyLayer[] = [];
  const visit = (entry: unknown, path: string[]): void => {
    if (!isRecord(entry) || typeof entry.class_name !== 'string') return;
    const config = isRecord(entry.config) ? entry.config : {};
    const name = typeof config.name === 'string' ? config.name : '(unnamed)';
    layers.push({ name, className: entry.class_name, path });
    const inner = [...path, name];
    if (CONTAINERS.has(entry.class_name)) for (const child of childLayers(entry)) visit(child, inner);
    if (isRecord(config.layer)) visit(config.layer, inner);
  };
  // The model itself is not one of its layers.
  if (isRecord(root) && typeof root.class_name === 'string' && CONTAINERS.has(root.class_name)) {
    for (const child of childLayers(root)) visit(child, []);
  }
  return layers;
}
