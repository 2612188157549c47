// The WebAssembly SIMD kernels: registered with dispatch.ts on import; a switch for tests and users.
export { setWasmKernels, wasmKernelsActive } from './provider.js';
