export { loadServedModel } from './load-served-model';
export type { ServedModel } from './load-served-model';
export { predictScores } from './predict-scores';
