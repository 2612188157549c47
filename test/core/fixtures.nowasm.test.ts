// The PyTorch fixture suite once more with the WebAssembly kernels switched off: the plain-JS
// kernels (what runs where WebAssembly SIMD is missing) must match the fixtures too.
// fixtures.test.ts itself runs with them on.
import { setWasmKernels } from '../../src/core/kernels/wasm/index';

setWasmKernels(false);
await import('./fixtures.test');
