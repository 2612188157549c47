import { KERNELS_WASM_BASE64, SIMD_PROBE_BASE64 } from './module.generated.js';

/*
 * Loads the generated SIMD kernels and owns their memory. The module is compiled synchronously
 * where the host allows it (Node, workers); a browser main thread refuses synchronous compiles
 * of modules over 4 KB, so there it is compiled asynchronously and the JS kernels serve until it
 * is ready. Where WebAssembly or its SIMD is missing, nothing loads and JS serves for good.
 */

type Kernel = (...args: number[]) => number;

/*
 * The few WebAssembly JS-API members used here. The core is typed without the DOM library (and
 * @types/node declares no WebAssembly values), so they are described locally and looked up on
 * globalThis: hosts without WebAssembly simply get the JS kernels.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: WasmInstance }>;
}

export const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The module's exports: its memory and kernels by name (see scripts/wasm/gen-kernels.ts). */
export interface Kernels {
  readonly memory: WasmMemory;
  fn(name: string): Kernel;
}

export function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | value[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

function simdSupported(): boolean {
  try {
    return wasmApi?.validate(decodeBase64(SIMD_PROBE_BASE64)) ?? false;
  } catch {
    return false;
  }
}

function isMemory(v: unknown): v is WasmMemory {
  return typeof v === 'object' && v !== null && 'buffer' in v && typeof (v as { grow?: unknown }).grow === 'function';
}

function wrap(instance: WasmInstance): Kernels {
  const exports = instance.exports;
  const memory = exports['mem'];
  if (!isMemory(memory)) throw new Error('pooling kernels: module exports no memory');
  const cache = new Map<string, Kernel>();
  return {
    memory,
    fn(name) {
      let f = cache.get(name);
      if (f === undefined) {
        const e = exports[name];
        if (typeof e !== 'function') throw new Error(`pooling kernels: no export ${name}`);
        f = e as Kernel;
        cache.set(name, f);
      }
      return f;
    },
  };
}

let kernels: Kernels | null = null;
let state: 'idle' | 'loading' | 'ready' | 'unavailable' = 'idle';

/** The kernels when loaded; starts loading on first call (null until then, or for good without SIMD). */
export function loadKernels(): Kernels | null {
  if (state === 'idle') {
    if (wasmApi === undefined || !simdSupported()) {
      state = 'unavailable';
      return null;
    }
    const bytes = decodeBase64(KERNELS_WASM_BASE64);
    try {
      kernels = wrap(new wasmApi.Instance(new wasmApi.Module(bytes), {}));
      state = 'ready';
    } catch {
      // Synchronous compilation refused (browser main thread): compile in the background.
      state = 'loading';
      wasmApi.instantiate(bytes, {}).then(
        (r) => {
          kernels = wrap(r.instance);
          state = 'ready';
        },
        () => {
          state = 'unavailable';
        },
      );
    }
  }
  return kernels;
}

/**
 * Float32 view of the module's memory with at least `bytes` bytes. Growing detaches old views,
 * so callers take the view from here after every ensure (and never keep one across calls).
 */
export class Heap {
  private f32: Float32Array;
  private f64: Float64Array;

  constructor(private readonly k: Kernels) {
    this.f32 = new Float32Array(k.memory.buffer);
    this.f64 = new Float64Array(k.memory.buffer);
  }

  /** False when the memory cannot grow that far (the host refused). */
  ensure(bytes: number): boolean {
    const have = this.k.memory.buffer.byteLength;
    if (bytes > have) {
      try {
        this.k.memory.grow(Math.ceil((bytes - have) / 65536));
      } catch {
        return false;
      }
    }
    if (this.f32.buffer !== this.k.memory.buffer) {
      this.f32 = new Float32Array(this.k.memory.buffer);
      this.f64 = new Float64Array(this.k.memory.buffer);
    }
    return true;
  }

  get floats(): Float32Array {
    return this.f32;
  }

  get doubles(): Float64Array {
    return this.f64;
  }
}
