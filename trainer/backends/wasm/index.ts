export { initWasmTrainingBackend } from './init-wasm-training-backend';
export { registerWasmTrainingKernels, wasmTrainingKernelNames } from './register-wasm-training-kernels';
