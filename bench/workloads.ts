// The benchmark's workloads and inputs (issue 7): five window shapes, each as max and avg, on
// random and on image-like float32 data.
import type { PoolOptions } from '../src/core/index.js';

export interface Workload {
  /** Short id: i … v, plus the mode. */
  readonly id: string;
  readonly label: string;
  readonly mode: 'max' | 'avg';
  /** Shape as the core sees it: [H, W], [N, C, H, W] or [L]. */
  readonly shape: readonly number[];
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  /** Symmetric padding per spatial axis. */
  readonly pad: readonly number[];
}

const BASE = [
  { id: 'i', label: '2048² k2 s2', shape: [2048, 2048], kernel: [2, 2], stride: [2, 2], pad: [0, 0] },
  { id: 'ii', label: '2048² k3 s1 p1', shape: [2048, 2048], kernel: [3, 3], stride: [1, 1], pad: [1, 1] },
  { id: 'iii', label: '2048² k15 s1', shape: [2048, 2048], kernel: [15, 15], stride: [1, 1], pad: [0, 0] },
  { id: 'iv', label: '1×64×224² k3 s2 p1', shape: [1, 64, 224, 224], kernel: [3, 3], stride: [2, 2], pad: [1, 1] },
  { id: 'v', label: '1-D 10M k5 s1', shape: [10_000_000], kernel: [5], stride: [1], pad: [0] },
] as const;

export const WORKLOADS: readonly Workload[] = (['max', 'avg'] as const).flatMap((mode) =>
  BASE.map((b) => ({ ...b, id: `${b.id} ${mode}`, label: `(${b.id}) ${mode} ${b.label}`, mode })),
);

/**
 * avg uses count_include_pad = false: TensorFlow.js has no other rule, and it is ONNX's default,
 * so every peer computes the same function.
 */
export function coreOptions(w: Workload): PoolOptions {
  return {
    mode: w.mode,
    kernel: w.kernel,
    stride: w.stride,
    padding: w.pad,
    ...(w.mode === 'avg' ? { countIncludePad: false } : {}),
  };
}

export function volume(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export type InputKind = 'random' | 'image';

/**
 * random: uniform [0, 1) from a fixed LCG, rounded to float32 (24-bit fractions, like most
 * float32 generators). image: a smooth picture of whole numbers 0…255 (a uint8 image as
 * float32), different per plane, with flat saturated regions (many ties).
 */
export function makeInput(w: Workload, kind: InputKind): Float32Array {
  const n = volume(w.shape);
  const x = new Float32Array(n);
  if (kind === 'random') {
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      x[i] = (s >>> 8) / 2 ** 24;
    }
    return x;
  }
  const d = w.kernel.length;
  const W = w.shape[w.shape.length - 1]!;
  const H = d === 2 ? w.shape[w.shape.length - 2]! : 1;
  const plane = H * W;
  for (let p = 0; p < n / plane; p++) {
    const phase = p * 0.7;
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const v = 128 + 90 * Math.sin(c / 37 + phase) * Math.cos(r / 53 - phase) + 60 * Math.sin((c + 2 * r) / 211) + 12 * Math.sin(c * 0.9 + r * 1.3);
        x[p * plane + r * W + c] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return x;
}
