export { loadLayersModelOf, loadServedModel } from './load-served-model';
export type { ServedModel } from './load-served-model';
export { predictScores } from './predict-scores';
export { checkedModelArtifact, checkModelInput, readModelArtifact } from './read-model-artifact';
export type { ModelArtifact } from './read-model-artifact';
