// The peers: TensorFlow.js (cpu and wasm backends) and ONNX Runtime (node native and web/wasm),
// each given the same float32 input as the core, in its own preferred layout. Layout changes
// (NCHW ↔ NHWC for TensorFlow.js) happen outside the timed call; each timed call takes the
// prepared input as a Float32Array, makes the peer's tensor from it and returns the output as a
// Float32Array, as a caller holding arrays would use it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { poolModel } from './onnx-model.js';
import type { PoolNode } from './onnx-model.js';
import type { Workload } from './workloads.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface PeerRun {
  /** One timed call. */
  run(): Promise<Float32Array>;
  /** The output of `run` in the core's layout (untimed). */
  toCoreLayout(out: Float32Array): Float32Array;
  dispose(): Promise<void>;
}

export interface Peer {
  readonly name: string;
  /** One line about how it runs (threads, SIMD). */
  readonly note: string;
  prepare(w: Workload, x: Float32Array): Promise<PeerRun>;
}

// ------------------------------------------------------------------ ONNX Runtime

function onnxNode(w: Workload): PoolNode {
  const d = w.kernel.length;
  const shape = d === 1 ? [1, 1, w.shape[0]!] : w.shape.length === 2 ? [1, 1, ...w.shape] : [...w.shape];
  return {
    op: w.mode === 'max' ? 'MaxPool' : 'AveragePool',
    shape,
    kernel: w.kernel,
    strides: w.stride,
    pads: [...w.pad, ...w.pad],
    countIncludePad: false,
  };
}

interface OrtLike {
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
  InferenceSession: {
    create(
      model: Uint8Array,
      options?: object,
    ): Promise<{
      run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
      release(): Promise<void>;
    }>;
  };
}

function ortPeer(name: string, note: string, load: () => Promise<OrtLike>, options: object): Peer {
  return {
    name,
    note,
    async prepare(w, x) {
      const ort = await load();
      const node = onnxNode(w);
      const session = await ort.InferenceSession.create(poolModel(node), options);
      return {
        async run() {
          const out = await session.run({ x: new ort.Tensor('float32', x, node.shape) });
          return out['y']!.data as Float32Array;
        },
        toCoreLayout: (out) => out,
        dispose: () => session.release(),
      };
    },
  };
}

export const ortNode: Peer = ortPeer(
  'ort-node',
  'onnxruntime-node (native CPU, default intra-op threads)',
  async () => (await import('onnxruntime-node')) as unknown as OrtLike,
  {},
);

export const ortWeb: Peer = ortPeer(
  'ort-web',
  'onnxruntime-web (WebAssembly SIMD backend)',
  async () => {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.wasmPaths = path.join(HERE, 'node_modules/onnxruntime-web/dist/');
    return ort as unknown as OrtLike;
  },
  { executionProviders: ['wasm'] },
);

// ------------------------------------------------------------------ TensorFlow.js

type Tf = typeof import('@tensorflow/tfjs-core');
let tfPromise: Promise<Tf> | null = null;

async function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(path.join(HERE, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
    return tf;
  })();
  return tfPromise;
}

/** NHWC shape of the input, and how to move data between the core's layout and it. */
function nhwc(w: Workload): { shape: [number, number, number, number]; kernel: [number, number]; stride: [number, number]; pad: number[][]; channels: number } {
  if (w.kernel.length === 1) {
    return {
      shape: [1, 1, w.shape[0]!, 1],
      kernel: [1, w.kernel[0]!],
      stride: [1, w.stride[0]!],
      pad: [
        [0, 0],
        [0, 0],
        [w.pad[0]!, w.pad[0]!],
        [0, 0],
      ],
      channels: 1,
    };
  }
  const [H, W] = w.shape.slice(-2) as [number, number];
  const channels = w.shape.length === 4 ? w.shape[1]! : 1;
  return {
    shape: [1, H, W, channels],
    kernel: [w.kernel[0]!, w.kernel[1]!],
    stride: [w.stride[0]!, w.stride[1]!],
    pad: [
      [0, 0],
      [w.pad[0]!, w.pad[0]!],
      [w.pad[1]!, w.pad[1]!],
      [0, 0],
    ],
    channels,
  };
}

/** [C, P] → [P, C] (or back): channels-first planes to interleaved channels. */
function interleave(src: Float32Array, C: number, P: number): Float32Array {
  if (C === 1) return src;
  const out = new Float32Array(src.length);
  for (let c = 0; c < C; c++) for (let p = 0; p < P; p++) out[p * C + c] = src[c * P + p]!;
  return out;
}

function deinterleave(src: Float32Array, C: number, P: number): Float32Array {
  if (C === 1) return src;
  const out = new Float32Array(src.length);
  for (let c = 0; c < C; c++) for (let p = 0; p < P; p++) out[c * P + p] = src[p * C + c]!;
  return out;
}

function tfPeer(name: string, backend: 'cpu' | 'wasm', note: string): Peer {
  return {
    name,
    note,
    async prepare(w, x) {
      const tf = await loadTf();
      await tf.setBackend(backend);
      await tf.ready();
      const l = nhwc(w);
      const plane = x.length / l.channels;
      const data = interleave(x, l.channels, plane);
      const pad = l.pad as [[number, number], [number, number], [number, number], [number, number]];
      return {
        async run() {
          // The tensor is made inside the timed call: uploading the data is part of the job
          // (the core's time includes its copy into WebAssembly memory too).
          const input = tf.tensor4d(data, l.shape);
          const y = w.mode === 'max' ? tf.maxPool(input, l.kernel, l.stride, pad) : tf.avgPool(input, l.kernel, l.stride, pad);
          const out = y.dataSync() as Float32Array;
          y.dispose();
          input.dispose();
          return out;
        },
        toCoreLayout: (out) => deinterleave(out, l.channels, out.length / l.channels),
        async dispose() {},
      };
    },
  };
}

export const tfjsCpu: Peer = tfPeer('tfjs-cpu', 'cpu', '@tensorflow/tfjs-backend-cpu (plain JS)');
export const tfjsWasm: Peer = tfPeer('tfjs-wasm', 'wasm', '@tensorflow/tfjs-backend-wasm (XNNPACK, SIMD, one thread in Node)');

export const PEERS: readonly Peer[] = [tfjsCpu, tfjsWasm, ortNode, ortWeb];
