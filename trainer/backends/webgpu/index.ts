export { describeAdapter, formatAdapter } from './describe-adapter';
export type { AdapterInfoFields, WebgpuAdapterReport } from './describe-adapter';
export { findWebgpuAdapter, requestTrainingDevice } from './open-webgpu-device';
export type { AdapterSearch, FoundAdapter } from './open-webgpu-device';
export { activeWebgpuSession, initWebgpuTrainingBackend, WebgpuDeviceError } from './init-webgpu-training-backend';
export type { WebgpuSession } from './init-webgpu-training-backend';
export { readStepOnDevice } from './read-step-on-device';
export type { StepReadout } from './read-step-on-device';
export { handOffToWasm } from './hand-off-to-wasm';
