// Band frames of a chunked load (webview/worker/bandJob.ts), run as the worker runs them:
// loadBegin, chunks, a band after each, then the full frame. Every output row a band pooled
// equals the whole array's pooling bit for bit (windows straddling the chunks' edges, padding,
// dilation, ceil_mode, max/avg/lp, float32 and float64), and rows drawn early keep their colours.
import { describe, expect, it } from 'vitest';
import { planChunks } from '../../src/chunks';
import { valueRange } from '../../src/valueScan';
import { defaultParams, type Params } from '../../webview/state';
import { PENDING_PIXEL } from '../../webview/worker/bandJob';
import { emptyContext, type WorkerContext } from '../../webview/worker/context';
import { heldBuffers } from '../../webview/worker/held';
import { jobs } from '../../webview/worker/jobs';
import type { FrameRequest } from '../../webview/worker/protocol';
import { plainFrameRequest } from './frameRequest';
import { withTransfer } from './transferShim';

const request = (params: Params): FrameRequest => plainFrameRequest(params, [0, 0]);

function randomArray(n: number, f64: boolean, seed: number): Float32Array | Float64Array {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (s / 2147483648) * 200 - 100;
  }
  return a;
}

const bits = (a: Float32Array | Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Loads `data` in chunks of about `target` bytes, a band after each; returns what the bands pooled and the full frame. */
function arrive(shape: [number, number], data: Float32Array | Float64Array, params: Params, target: number) {
  const ctx: WorkerContext = emptyContext();
  const storage = data instanceof Float64Array ? 'float64' : 'float32';
  const bytes = new Uint8Array(data.buffer.slice(0));
  const spans = planChunks(bytes.byteLength, shape[1] * data.BYTES_PER_ELEMENT, data.BYTES_PER_ELEMENT, target);
  jobs.loadBegin(ctx, { loadId: 7, storage, shape, totalBytes: bytes.byteLength, chunkCount: spans.length, range: valueRange(data) });
  const bands: { inputRows: number; outRows: number; out: Float32Array | Float64Array | null; inPixels: Uint32Array; step: number }[] = [];
  for (const [index, span] of spans.entries()) {
    const r = jobs.loadChunk(ctx, { loadId: 7, index, offset: span.offset, bytes: bytes.slice(span.offset, span.offset + span.length) }).result;
    expect(r?.received).toBe(span.offset + span.length);
    if (r?.complete) break;
    const band = jobs.band(ctx, request(params)).result!;
    const pooled = ctx.arriving?.band;
    bands.push({
      inputRows: band.inputRows,
      outRows: band.outRows,
      out: pooled && !pooled.failed ? pooled.out.slice() : null,
      inPixels: band.input.pixels,
      step: band.input.step,
    });
  }
  expect(ctx.arriving).toBeNull();
  expect(jobs.band(ctx, request(params)).result).toBeNull();
  const full = jobs.frame(ctx, request(params)).result;
  return { bands, full, out: ctx.model.out!.array.data, ctx };
}

const CASES: [string, Partial<Params>][] = [
  ['max k3 s2 p1', { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] }],
  ['max k3 s1 dilation 2 p1', { mode: 'max', kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [2, 2] }],
  ['max k3 s2 ceil', { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [0, 0], ceilMode: true }],
  ['avg k3 s1 p1 count pad', { mode: 'avg', kernel: [3, 3], stride: [1, 1], padding: [1, 1], countIncludePad: true }],
  ['avg k4 s3 p2 ceil no pad', { mode: 'avg', kernel: [4, 4], stride: [3, 3], padding: [2, 2], ceilMode: true, countIncludePad: false }],
  ['avg k5 s2 p2 divisor 7', { mode: 'avg', kernel: [5, 5], stride: [2, 2], padding: [2, 2], divisorOverride: 7 }],
  ['avg k2 s2 dilation 3', { mode: 'avg', kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [3, 3] }],
  ['lp p2 k3 s2 ceil', { mode: 'lp', p: 2, kernel: [3, 3], stride: [2, 2], padding: [0, 0], ceilMode: true }],
  ['lp p3 k2 s1', { mode: 'lp', p: 3, kernel: [2, 2], stride: [1, 1], padding: [0, 0] }],
  ["max 'same' k4 s3", { mode: 'max', kernel: [4, 4], stride: [3, 3], padding: 'same' }],
  [
    'avg pairs k3 s2',
    {
      mode: 'avg',
      kernel: [3, 3],
      stride: [2, 2],
      padding: [
        [1, 0],
        [0, 1],
      ],
      countIncludePad: true,
    },
  ],
  ['max default stride k15', { mode: 'max', kernel: [15, 15], stride: null, padding: [7, 7] }],
];

describe('band frames of a chunked load', () => {
  for (const f64 of [false, true]) {
    for (const [name, over] of CASES) {
      it(`${name} (${f64 ? 'float64' : 'float32'}): every band row equals the whole array's, bit for bit`, () => {
        const shape: [number, number] = [41, 23];
        const data = randomArray(41 * 23, f64, name.length * 31 + (f64 ? 1 : 0));
        const params: Params = { ...defaultParams([0, 1], 'pytorch'), ...over };
        // Chunks of 3 rows and of 5 values (rows cut in the middle): windows straddle both.
        for (const target of [3 * 23 * data.BYTES_PER_ELEMENT, 5 * data.BYTES_PER_ELEMENT]) {
          const { bands, full, out } = arrive(shape, data, params, target);
          const outW = full.out!.geom.cols;
          expect(bands.some((b) => b.outRows > 0)).toBe(true);
          let last = 0;
          for (const b of bands) {
            expect(b.outRows).toBeGreaterThanOrEqual(last);
            last = b.outRows;
            if (b.outRows === 0) continue;
            expect(b.out!.length).toBe(out.length);
            const n = b.outRows * outW;
            expect(bits(b.out!.subarray(0, n))).toEqual(bits(out.subarray(0, n)));
          }
        }
      });
    }
  }

  it("the band's output is given back as the last chunk arrives (memory released at once, as in Chromium); the full frame pools into the model's", () => {
    const shim = withTransfer();
    try {
      const data = randomArray(41 * 23, false, 5);
      const params: Params = { ...defaultParams([0, 1], 'pytorch'), mode: 'avg', kernel: [3, 3], stride: [1, 1], padding: [1, 1] };
      const ctx: WorkerContext = emptyContext();
      const bytes = new Uint8Array(data.buffer.slice(0));
      const spans = planChunks(bytes.byteLength, 23 * 4, 4, 10 * 23 * 4);
      jobs.loadBegin(ctx, { loadId: 1, storage: 'float32', shape: [41, 23], totalBytes: bytes.byteLength, chunkCount: spans.length, range: valueRange(data) });
      let bandOut: Float32Array | Float64Array | undefined;
      let bandLength = 0;
      for (const [index, span] of spans.entries()) {
        jobs.loadChunk(ctx, { loadId: 1, index, offset: span.offset, bytes: bytes.slice(span.offset, span.offset + span.length) });
        if (ctx.arriving === null) break;
        jobs.band(ctx, request(params));
        bandOut = ctx.arriving.band?.out;
        bandLength = bandOut?.length ?? 0;
        expect(heldBuffers(ctx).map((b) => b.name)).toContain('band output');
      }
      expect(bandLength).toBe(41 * 23);
      expect(shim.released()).toBe(1);
      expect(bandOut?.length).toBe(0);
      expect(heldBuffers(ctx).map((b) => b.name)).not.toContain('band output');
      jobs.frame(ctx, request(params));
      const { out } = arrive([41, 23], data, params, 41 * 23 * 4);
      expect(bits(ctx.model.out!.array.data)).toEqual(bits(out));
    } finally {
      shim.restore();
    }
  });

  it('input rows drawn early keep their final colours; rows not arrived are drawn pending', () => {
    const shape: [number, number] = [64, 40];
    const data = randomArray(64 * 40, false, 5);
    const params: Params = { ...defaultParams([0, 1], 'pytorch'), mode: 'max', kernel: [2, 2], stride: [2, 2] };
    const { bands, full } = arrive(shape, data, params, 10 * 40 * 4);
    const final = full.input!.pixels;
    const band = bands[2]!;
    expect(band.inputRows).toBe(30);
    expect(band.outRows).toBe(15);
    const width = 40;
    expect(band.inPixels.subarray(0, 30 * width)).toEqual(final.subarray(0, 30 * width));
    expect(band.inPixels.subarray(30 * width).every((p) => p === PENDING_PIXEL)).toBe(true);
  });

  it('adaptive pooling waits for every row (its windows depend on all of them)', () => {
    const data = randomArray(32 * 16, false, 9);
    const params: Params = { ...defaultParams([0, 1], 'pytorch'), kind: 'adaptive', outputSize: [4, 4] };
    const { bands } = arrive([32, 16], data, params, 4 * 16 * 4);
    expect(bands.every((b) => b.outRows === 0 && b.out === null)).toBe(true);
    expect(bands.at(-1)!.inputRows).toBe(28);
  });

  it('no band is drawn before the value range came (its colours would change); it may come with any chunk', () => {
    const ctx = emptyContext();
    const data = randomArray(16, false, 3);
    const bytes = new Uint8Array(data.buffer);
    jobs.loadBegin(ctx, { loadId: 4, storage: 'float32', shape: [4, 4], totalBytes: 64, chunkCount: 4 });
    jobs.loadChunk(ctx, { loadId: 4, index: 0, offset: 0, bytes: bytes.slice(0, 16) });
    expect(jobs.band(ctx, request({ ...defaultParams([0, 1], 'pytorch') })).result).toBeNull();
    jobs.loadChunk(ctx, { loadId: 4, index: 1, offset: 16, bytes: bytes.slice(16, 32), range: valueRange(data) });
    expect(jobs.band(ctx, request({ ...defaultParams([0, 1], 'pytorch') })).result?.inputRows).toBe(2);
  });

  it('a range with the last chunk, or none at all, still completes the load with every value', () => {
    const data = randomArray(16, false, 5);
    const bytes = new Uint8Array(data.buffer);
    for (const range of [valueRange(data), undefined]) {
      const ctx = emptyContext();
      jobs.loadBegin(ctx, { loadId: 5, storage: 'float32', shape: [4, 4], totalBytes: 64, chunkCount: 2 });
      jobs.loadChunk(ctx, { loadId: 5, index: 0, offset: 0, bytes: bytes.slice(0, 32) });
      expect(jobs.band(ctx, request({ ...defaultParams([0, 1], 'pytorch') })).result).toBeNull();
      const last = jobs.loadChunk(ctx, { loadId: 5, index: 1, offset: 32, bytes: bytes.slice(32), ...(range !== undefined ? { range } : {}) });
      expect(last.result).toEqual({ received: 64, complete: true });
      expect(ctx.arriving).toBeNull();
      expect(ctx.data).toEqual(data);
    }
  });

  it('a chunk of an abandoned load is ignored; a lost one fails the load', () => {
    const ctx = emptyContext();
    jobs.loadBegin(ctx, { loadId: 1, storage: 'float32', shape: [4, 4], totalBytes: 64, chunkCount: 2, range: null });
    jobs.loadBegin(ctx, { loadId: 2, storage: 'float32', shape: [4, 4], totalBytes: 64, chunkCount: 2, range: null });
    expect(jobs.loadChunk(ctx, { loadId: 1, index: 0, offset: 0, bytes: new Uint8Array(32) }).result).toBeNull();
    expect(() => jobs.loadChunk(ctx, { loadId: 2, index: 1, offset: 32, bytes: new Uint8Array(32) })).toThrow(/part 1 of 2 of the array was lost/);
    expect(ctx.arriving).toBeNull();
    jobs.loadBegin(ctx, { loadId: 3, storage: 'float32', shape: [4, 4], totalBytes: 64, chunkCount: 2, range: null });
    jobs.loadAbandon(ctx, { loadId: 3 });
    expect(ctx.arriving).toBeNull();
    expect(ctx.data.length).toBe(0);
  });
});
