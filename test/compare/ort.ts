// ONNX Runtime for the framework tests: onnxruntime-web's WebAssembly build (the same kernels as
// the native runtime), because onnxruntime-node's install script fetches CUDA libraries, which
// fails offline and would need an npm setting every npm command then warns about.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
ort.env.wasm.wasmPaths = path.join(root, 'node_modules/onnxruntime-web/dist/');
ort.env.wasm.numThreads = 1;

export { ort };

/** A session on the WebAssembly backend for a serialized model. */
export function ortSession(model: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
}
