// What the panel's worker keeps (webview/worker/held.ts) through a series of parameter changes,
// run as the worker runs its jobs: at most the array and one output's worth, every output and
// what is drawn, patched, copied and linked of it still the core's one-shot result, bit for bit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRequest } from '../../src/request';
import { colormapLut, renderRgb, renderScalar } from '../../webview/colormap';
import { planeGeom, sliceOffset, type PixelMode } from '../../webview/display';
import { defaultUiState, mergeParams, type Params } from '../../webview/state';
import { emptyContext, type WorkerContext } from '../../webview/worker/context';
import { heldBuffers, heldBytes } from '../../webview/worker/held';
import { jobs } from '../../webview/worker/jobs';
import type { ChainRequest, FrameResult } from '../../webview/worker/protocol';
import { renderPatch, renderRaster, type PlaneSource } from '../../webview/worker/raster';
import { plainFrameRequest } from './frameRequest';
import { withTransfer } from './transferShim';

/** What the core may keep of its band-sized work rows between calls at this size. */
const SCRATCH_SMALL = 2 ** 20;
const H = 300;
const W = 280;

function values(n: number, seed = 11): Float32Array {
  const out = new Float32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = ((x % 20001) - 10000) / 77;
  }
  out[7] = Number.NaN;
  return out;
}

function loaded(data: Float32Array, shape: number[]): WorkerContext {
  const ctx = emptyContext();
  jobs.load(ctx, { buffer: data.slice().buffer as ArrayBuffer, byteOffset: 0, storage: 'float32', shape });
  return ctx;
}

function frame(ctx: WorkerContext, params: Params, over: { formProblems?: FrameResult['problems'] } = {}): FrameResult {
  return jobs.frame(ctx, plainFrameRequest(params, [0, 0], { formProblems: over.formProblems ?? [] })).result;
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i]!)));

/** The series: the defaults, then k15 avg stride 1 and its neighbours, max/lp, a smaller output, adaptive, back to window. */
function series(base: Params): Params[] {
  const steps: Record<string, unknown>[] = [
    { kernel: [3, 2] },
    { kernel: [2, 2] },
    { mode: 'avg', kernel: [15, 15], stride: [1, 1] },
    { kernel: [14, 15] },
    { kernel: [15, 15] },
    { kernel: [3, 3], padding: [1, 1] },
    { mode: 'max', kernel: [5, 5], stride: [1, 1], padding: [0, 0] },
    { mode: 'lp', p: 3, kernel: [4, 4], stride: [2, 2] },
    { kind: 'adaptive', mode: 'avg', outputSize: [100, 90] },
    { outputSize: [280, 260] },
    { kind: 'global', mode: 'max' },
    { kind: 'window', mode: 'avg', kernel: [15, 15], stride: [1, 1] },
  ];
  const out: Params[] = [base];
  let p = base;
  for (const s of steps) out.push((p = mergeParams(p, s, 2)));
  return out;
}

for (const release of [false, true])
  describe(`what the worker keeps across parameter changes${release ? ' (memory released at once, as in Chromium)' : ''}`, () => {
    let transfer: ReturnType<typeof withTransfer> | null = null;
    beforeEach(() => {
      if (release) transfer = withTransfer();
    });
    afterEach(() => {
      transfer?.restore();
      transfer = null;
    });
    const data = values(H * W);
    const shape = [H, W];
    const base = defaultUiState({ shape, convention: 'pytorch', colormap: 'auto', decimals: 3 }).params;

    it('holds the array and one output (the largest asked for) at most, and every output is the core’s', () => {
      const ctx = loaded(data, shape);
      const arrayBytes = data.byteLength;
      let largest = 0;
      for (const params of series(base)) {
        const r = frame(ctx, params);
        expect(r.problems).toEqual([]);
        const expected = runRequest({ shape: [1, H, W], data: data.slice() }, params, { convention: params.convention });
        const out = ctx.model.out!;
        expect(sameBits(out.array.data, expected.data)).toBe(true);
        largest = Math.max(largest, expected.data.byteLength);
        const held = heldBuffers(ctx);
        // One buffer of output size (the one shown is the one reused), besides the array and the core's small scratch.
        const outputs = held.filter((b) => b.name !== 'array' && b.name !== 'core scratch');
        expect(outputs.length, JSON.stringify(held)).toBe(1);
        expect(heldBytes(ctx), JSON.stringify(held)).toBeLessThanOrEqual(arrayBytes + largest + SCRATCH_SMALL);
      }
      // The series grows the output buffer (2-D k2 → k15 s1 → k14 → k3 p1) and leaves window pooling once.
      if (transfer) expect(transfer.released()).toBeGreaterThanOrEqual(2);
    });

    it('what is drawn, patched, read by cell, copied and explained of the reused buffer is the current output', () => {
      const ctx = loaded(data, shape);
      for (const params of series(base)) {
        const r = frame(ctx, params);
        const expected = runRequest({ shape: [1, H, W], data: data.slice() }, params, { convention: params.convention }).data;
        const o = r.out!;
        expect(sameBits(r.output!.values!, expected)).toBe(true);
        expect(sameBits(o.sample, expected.subarray(0, o.sample.length))).toBe(true);
        const patch = jobs.patch(ctx, { source: 'output', frame: r.output!.frame, r0: 2, c0: 3, rows: 5, cols: 6, step: 1 }).result!;
        const { rows, cols } = o.geom;
        // The patch is clamped to the plane (a global output is 1×1).
        const want = Array.from(
          { length: patch.rows * patch.cols },
          (_, i) => expected[(patch.r0 + Math.floor(i / patch.cols)) * cols + patch.c0 + (i % patch.cols)]!,
        );
        expect(patch.rows * patch.cols).toBe(Math.max(0, Math.min(5, rows - 2)) * Math.max(0, Math.min(6, cols - 3)));
        expect(sameBits(patch.values!, want)).toBe(true);
        const [cr, cc] = [Math.min(1, rows - 1), Math.min(2, cols - 1)];
        const cells = jobs.cellValues(ctx, [{ source: 'output', frame: r.output!.frame, r: cr, c: cc }]).result;
        expect(sameBits(cells as number[], [expected[cr * cols + cc]!])).toBe(true);
        const copied = jobs.copyValues(ctx, { plane: 0, maxChars: 1e7 }).result!;
        expect(copied.planeSize).toBe(expected.length);
        const link = jobs.link(ctx, { active: { grid: 'output', cell: [0, 0] }, valuePlane: 0, decimals: 3, depth: 0, outDepth: 0, channelLabel: '' }).result;
        expect(link.content?.head).toContain('Output');
      }
    });

    it('a parameter the core refuses keeps the last output, unchanged, in place', () => {
      const ctx = loaded(data, shape);
      const params = series(base)[3]!; // k15 avg s1
      frame(ctx, params);
      const before = ctx.model.out!.array.data.slice();
      const bad = mergeParams(params, { kernel: [400, 15] }, 2);
      const r = frame(ctx, bad);
      expect(r.problems[0]?.parameter).toBe('kernel');
      expect(sameBits(ctx.model.out!.array.data, before)).toBe(true);
      expect(sameBits(r.output!.values!, before)).toBe(true);
      const form = frame(ctx, params, { formProblems: [{ message: 'not a number', parameter: 'stride' }] });
      expect(form.problems).toHaveLength(1);
      expect(sameBits(ctx.model.out!.array.data, before)).toBe(true);
    });

    it('the input-sized temporary of min and LP pooling is not kept once pooled', () => {
      const side = 1600; // a 10 MB array: over what the worker lets the core keep
      const big = new Float32Array(side * side).fill(1.5);
      const ctx = loaded(big, [side, side]);
      const p = defaultUiState({ shape: [side, side], convention: 'pytorch', colormap: 'auto', decimals: 3 }).params;
      for (const mode of ['lp', 'min'] as const) {
        const r = frame(ctx, mergeParams(p, { mode }, 2));
        expect(r.problems).toEqual([]);
        const scratch = heldBuffers(ctx).find((b) => b.name === 'core scratch')?.bytes ?? 0;
        expect(scratch).toBeLessThan(big.byteLength / 4);
      }
    });

    it('a new block lets the Chain view’s outputs of the old one go', () => {
      const shape3 = [2, 40, 30];
      const ctx = loaded(values(2 * 40 * 30), shape3);
      const p = defaultUiState({ shape: shape3, convention: 'pytorch', colormap: 'auto', decimals: 3 }).params;
      const at = (indices: number[]) => jobs.frame(ctx, plainFrameRequest(p, indices));
      at([0, 0, 0]);
      const layers = [
        { kind: 'window' as const, options: { mode: 'max' as const, kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false } },
      ];
      const chain: ChainRequest = {
        layers,
        plane: 0,
        depths: [0, 0],
        view: { picture: false, colormap: 'auto', decimals: 3 },
        bitDepth: undefined,
        planeAxis: null,
      };
      expect(jobs.chain(ctx, chain).result?.problem).toBeNull();
      expect(heldBuffers(ctx).some((b) => b.name === 'source:chain1')).toBe(true);
      at([0, 0, 0]); // the same block: the chain stays
      expect(ctx.chain).not.toBeNull();
      at([1, 0, 0]);
      expect(ctx.chain).toBeNull();
      expect([...ctx.sources.keys()].filter((k) => k.startsWith('chain'))).toEqual([]);
      expect(heldBuffers(ctx).filter((b) => b.name.includes('chain'))).toEqual([]);
      expect(jobs.chain(ctx, chain).result?.levels).toHaveLength(2);
    });

    it('a new load lets every buffer of the old array go', () => {
      const ctx = loaded(data, shape);
      for (const params of series(base).slice(0, 5)) frame(ctx, params);
      const small = values(64);
      jobs.load(ctx, { buffer: small.buffer as ArrayBuffer, byteOffset: 0, storage: 'float32', shape: [8, 8] });
      expect(heldBuffers(ctx).filter((b) => b.name !== 'core scratch')).toEqual([{ name: 'array', bytes: 256 }]);
    });
  });

describe('rasters rendered a row at a time', () => {
  /** The pixels as the whole sampled rectangle rendered at once (what the worker did before). */
  function oneShot(s: PlaneSource, r0: number, c0: number, rows: number, cols: number, step: number): Uint32Array {
    const oh = Math.ceil(rows / step);
    const ow = Math.ceil(cols / step);
    const sample = (plane: number) => {
      const off = sliceOffset(s.geom, plane, s.depth);
      const out = new Float32Array(oh * ow);
      for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) out[y * ow + x] = s.data[off + (r0 + y * step) * s.geom.cols + c0 + x * step]!;
      return out;
    };
    const pixels = new Uint32Array(oh * ow);
    const m = s.mode;
    if (m.kind === 'colormap') renderScalar(sample(0), pixels, colormapLut(m.name), m.range);
    else renderRgb(sample(0), sample(Math.min(1, m.planes - 1)), sample(Math.min(2, m.planes - 1)), pixels, m.range);
    return pixels;
  }

  const gray: PixelMode = { kind: 'colormap', name: 'viridis', range: { lo: -50, hi: 60 } };
  const rgb: PixelMode = { kind: 'rgb', range: { lo: -100, hi: 100 }, planes: 3 };
  const cases: [string, PixelMode, number[]][] = [
    ['colormap', gray, [1, 37, 41]],
    ['rgb', rgb, [3, 37, 41]],
    ['colormap, 3-D depth 2', gray, [1, 4, 37, 41]],
  ];
  for (const [name, mode, shape] of cases) {
    it(`equal the one-shot pixels (${name}), whole plane and patches at steps 1–4`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = values(n, 5);
      const spatial = shape.slice(1);
      const s: PlaneSource = { source: 'output', frame: 1, data, geom: planeGeom(spatial), depth: spatial.length === 3 ? 2 : 0, mode, valuePlane: 0 };
      const { rows, cols } = s.geom;
      expect(Array.from(renderRaster(s).pixels)).toEqual(Array.from(oneShot(s, 0, 0, rows, cols, 1)));
      for (const step of [1, 2, 3, 4]) {
        const p = renderPatch(s, { source: 'output', frame: 1, r0: 5, c0: 7, rows: 23, cols: 19, step });
        expect(Array.from(p.pixels), `step ${step}`).toEqual(Array.from(oneShot(s, 5, 7, 23, 19, step)));
      }
    });
  }
});
