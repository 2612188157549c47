// Chains of pooling layers: every output, and compound receptive fields checked against brute force.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptivePool, adaptiveWindowOf, chainInfo, chainTrace, globalPool, pool, poolChain, PoolingError, poolInfo, windowOf } from '../../src/core/index';
import type { ChainLayer, NDArray, PoolOptions } from '../../src/core/index';
import { expectSame, makeArray } from './arbitraries';

const ramp = (shape: number[]): NDArray => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 100 + (i % 7)) };
};

describe('poolChain', () => {
  it('a 3-layer chain on a 224×224 image equals pooling three times', () => {
    const x = ramp([1, 3, 224, 224]);
    const l1: PoolOptions = { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] };
    const l2: PoolOptions = { mode: 'avg', kernel: [2, 2], ceilMode: true, countIncludePad: false };
    const layers: ChainLayer[] = [
      { kind: 'window', options: l1 },
      { kind: 'window', options: l2 },
      { kind: 'global', mode: 'avg', spatialDims: 2 },
    ];
    const outs = poolChain(x, layers);
    const a = pool(x, l1).output;
    const b = pool(a, l2).output;
    const c = globalPool(b, 2, 'avg').output;
    expect(outs.map((o) => o.shape)).toEqual([
      [1, 3, 112, 112],
      [1, 3, 56, 56],
      [1, 3, 1, 1],
    ]);
    expectSame(outs[0]!.data, a.data, 'layer 1');
    expectSame(outs[1]!.data, b.data, 'layer 2');
    expectSame(outs[2]!.data, c.data, 'layer 3');
    expect(chainInfo(x.shape, layers).map((f) => f.outShape)).toEqual(outs.map((o) => o.shape));
  });

  it('adaptive layers pool like adaptivePool; a 1-D layer pools only the last axis', () => {
    const x = ramp([2, 9, 10]);
    const outs = poolChain(x, [
      { kind: 'adaptive', outputSize: [4, 3], mode: 'avg' },
      { kind: 'window', options: { mode: 'min', kernel: [2], stride: [1] } },
    ]);
    const a = adaptivePool(x, [4, 3], 'avg').output;
    expectSame(outs[0]!.data, a.data, 'adaptive');
    expectSame(outs[1]!.data, pool(a, { mode: 'min', kernel: [2], stride: [1] }).output.data, 'window');
    expect(outs[1]!.shape).toEqual([2, 4, 2]);
  });
});

describe('chainInfo: known networks', () => {
  it('ResNet stem: max k3 s2 p1 then global avg', () => {
    const f = chainInfo(
      [1, 64, 224, 224],
      [
        { kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] } },
        { kind: 'global', mode: 'avg', spatialDims: 2 },
      ],
    );
    expect(f[0]).toEqual({ outShape: [1, 64, 112, 112], size: [3, 3], jump: [2, 2], start: [-1, -1] });
    // 112 outputs two input cells apart, each 3 wide, from −1: −1 … 223.
    expect(f[1]).toEqual({ outShape: [1, 64, 1, 1], size: [225, 225], jump: [224, 224], start: [-1, -1] });
  });

  it("VGG's five 2×2 max pools double the field and the jump each time", () => {
    const layers: ChainLayer[] = Array.from({ length: 5 }, () => ({ kind: 'window', options: { mode: 'max', kernel: [2, 2] } }));
    const f = chainInfo([1, 512, 224, 224], layers);
    expect(f.map((l) => l.outShape[2])).toEqual([112, 56, 28, 14, 7]);
    expect(f.map((l) => l.size[0])).toEqual([2, 4, 8, 16, 32]);
    expect(f.map((l) => l.jump[1])).toEqual([2, 4, 8, 16, 32]);
    expect(f.every((l) => l.start.every((s) => s === 0))).toBe(true);
  });

  it('a 1-D chain for text: max k3 s1 p1, avg k2 s2, max k5 s2 d2 p2', () => {
    const f = chainInfo(
      [4, 16, 100],
      [
        { kind: 'window', options: { mode: 'max', kernel: [3], stride: [1], padding: [1] } },
        { kind: 'window', options: { mode: 'avg', kernel: [2] } },
        { kind: 'window', options: { mode: 'max', kernel: [5], stride: [2], dilation: [2], padding: [2] } },
      ],
    );
    // r: 1+2·1 = 3; 3+1·1 = 4; 4+4·2·2 = 20. j: 1, 2, 4. start: −1, −1, −1−2·2 = −5.
    expect(f.map((l) => l.size[0])).toEqual([3, 4, 20]);
    expect(f.map((l) => l.jump[0])).toEqual([1, 2, 4]);
    expect(f.map((l) => l.start[0])).toEqual([-1, -1, -5]);
    expect(f.map((l) => l.outShape)).toEqual([
      [4, 16, 100],
      [4, 16, 50],
      [4, 16, 23],
    ]);
  });

  it("'same' padding puts the extra cell after: start moves by the padding before", () => {
    const f = chainInfo([6, 6], [{ kind: 'window', options: { mode: 'max', kernel: [3, 2], stride: [2, 2], padding: 'same' } }]);
    // rows: total (3−1)·2+3−6 = 1 → 0 before; cols: 2·2+2−6 = 0.
    expect(f[0]!.start).toEqual([0, 0]);
    const g = chainInfo([6, 6], [{ kind: 'window', options: { mode: 'max', kernel: [3, 2], stride: [2, 2], padding: 'same-lower' } }]);
    expect(g[0]!.start).toEqual([-1, 0]);
  });

  it('uneven adaptive bins give the largest bin and the mean step', () => {
    // 10 → 4 bins: [0,3) [2,5) [5,8) [7,10): largest 3, mean step 2.5.
    const f = chainInfo([10], [{ kind: 'adaptive', outputSize: [4], mode: 'max' }]);
    expect(f[0]).toEqual({ outShape: [4], size: [3], jump: [2.5], start: [0] });
  });
});

describe('chainInfo / poolChain errors name the layer at fault', () => {
  it('layer 3: kernel 3 on an input of 2', () => {
    const layers: ChainLayer[] = [
      { kind: 'window', options: { mode: 'max', kernel: [2, 2] } },
      { kind: 'window', options: { mode: 'avg', kernel: [1, 1] } },
      { kind: 'window', options: { mode: 'max', kernel: [3, 3] } },
    ];
    for (const run of [() => chainInfo([4, 4], layers), () => poolChain(makeArray([4, 4], [1], 'float64'), layers)]) {
      let caught: unknown;
      try {
        run();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(PoolingError);
      const e = caught as PoolingError;
      expect(e.message).toMatch(/^layer 3: kernel 3 .*size 2.*layer 2's output, shape \[2, 2\]/);
      expect(e.layer).toBe(3);
      expect(e.parameter).toBe('kernel');
    }
  });
  it('an unknown kind, a bad adaptive mode and too many global dims are PoolingErrors', () => {
    expect(() => chainInfo([4], [{ kind: 'conv' } as unknown as ChainLayer])).toThrow(/^layer 1: kind must be/);
    expect(() => chainInfo([4], [{ kind: 'adaptive', outputSize: [2], mode: 'sum' } as unknown as ChainLayer])).toThrow(/^layer 1: adaptive pooling mode/);
    expect(() =>
      chainInfo(
        [4, 4],
        [
          { kind: 'window', options: { mode: 'max', kernel: [2] } },
          { kind: 'global', mode: 'max', spatialDims: 3 },
        ],
      ),
    ).toThrow(/^layer 2: /);
  });
});

// ---------- brute force ----------

/** An arbitrary valid chain on a small 1-D or 2-D input. */
const chainArb = fc
  .record({
    d: fc.constantFrom(1, 2),
    lead: fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 1 }),
    sizes: fc.array(fc.integer({ min: 6, max: 20 }), { minLength: 2, maxLength: 2 }),
    layers: fc.array(
      fc.record({
        kind: fc.constantFrom('window', 'window', 'window', 'adaptive', 'global'),
        dims: fc.constantFrom(1, 2),
        k: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 2 }),
        s: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
        dil: fc.array(fc.constantFrom(1, 1, 2), { minLength: 2, maxLength: 2 }),
        pad: fc.constantFrom('none', 'sym', 'same', 'same-lower', 'pairs'),
        padDraw: fc.array(fc.nat(3), { minLength: 4, maxLength: 4 }),
        ceil: fc.boolean(),
        out: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ d, lead, sizes, layers }) => {
    const shape = [...lead, ...sizes.slice(0, d)];
    let cur = shape.slice();
    const chain: ChainLayer[] = [];
    for (const l of layers) {
      const dims = Math.min(l.dims, d);
      const spatial = cur.slice(cur.length - dims);
      let layer: ChainLayer;
      if (l.kind === 'global') {
        layer = { kind: 'global', mode: 'max', spatialDims: dims };
      } else if (l.kind === 'adaptive') {
        layer = { kind: 'adaptive', outputSize: spatial.map((L, i) => 1 + ((l.out[i]! - 1) % L)), mode: 'max' };
      } else {
        const dil = l.dil.slice(0, dims);
        // Keep the dilated window inside the input, so any padding gives at least one output.
        const kernel = spatial.map((L, i) => 1 + Math.min(l.k[i]! - 1, Math.floor((L - 1) / dil[i]!)));
        const options: PoolOptions = { mode: 'max', kernel, stride: l.s.slice(0, dims), dilation: dil, ceilMode: l.ceil };
        if (l.pad === 'sym') options.padding = kernel.map((k, i) => l.padDraw[i]! % (Math.floor(k / 2) + 1));
        else if (l.pad === 'pairs') options.padding = kernel.map((k, i) => [l.padDraw[i]! % k, l.padDraw[i + 2]! % k] as const);
        else if (l.pad !== 'none') options.padding = l.pad as 'same' | 'same-lower';
        layer = { kind: 'window', options };
      }
      chain.push(layer);
      cur = chainInfo(cur, [layer])[0]!.outShape;
    }
    return { shape, chain };
  });

/**
 * Brute force, per axis: the input positions output t of layer i reads, found by listing every
 * tap of every window down to the input (padding positions and positions past the end are
 * followed like any other: a padded cell of layer i reads where its window would lie). In-range
 * adaptive bins come from adaptiveWindowOf.
 */
function tracePositions(shape: readonly number[], chain: readonly ChainLayer[], D: number, axis: number, layer: number, t: number): Set<number> {
  const shapes = [shape.slice()];
  for (const l of chain) shapes.push(chainInfo(shapes[shapes.length - 1]!, [l])[0]!.outShape);
  const fromEnd = D - axis;
  const memo = new Map<string, Set<number>>();
  const visit = (i: number, pos: number): Set<number> => {
    if (i < 0) return new Set([pos]);
    const key = `${i}:${pos}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const l = chain[i]!;
    const inShape = shapes[i]!;
    const L = inShape[inShape.length - fromEnd]!;
    const dims = l.kind === 'window' ? l.options.kernel.length : l.kind === 'adaptive' ? l.outputSize.length : l.spatialDims;
    let taps: number[];
    if (fromEnd > dims) taps = [pos];
    else if (l.kind === 'global') taps = Array.from({ length: L }, (_, j) => pos * L + j);
    else if (l.kind === 'adaptive') {
      const O = shapes[i + 1]![inShape.length - fromEnd]!;
      if (pos >= 0 && pos < O) {
        const idx = new Array<number>(dims).fill(0);
        idx[dims - fromEnd] = pos;
        const w = adaptiveWindowOf(inShape, l.outputSize, idx);
        taps = [...new Set(w.cells.map((c) => c[dims - fromEnd]!))];
      } else {
        taps = [];
        for (let q = Math.floor((pos * L) / O); q < Math.ceil(((pos + 1) * L) / O); q++) taps.push(q);
      }
    } else {
      const info = poolInfo(inShape, l.options);
      const a = dims - fromEnd;
      taps = Array.from({ length: info.kernel[a]! }, (_, j) => pos * info.stride[a]! - info.padBefore[a]! + j * info.dilation[a]!);
    }
    const out = new Set<number>();
    for (const q of taps) for (const v of visit(i - 1, q)) out.add(v);
    memo.set(key, out);
    return out;
  };
  return visit(layer, t);
}

describe('chainInfo matches brute force on random chains', () => {
  it('size (largest), start and — for even steps — every field, by tracing every tap', () => {
    fc.assert(
      fc.property(chainArb, ({ shape, chain }) => {
        const fields = chainInfo(shape, chain);
        const D = Math.max(...chain.map((l) => (l.kind === 'window' ? l.options.kernel.length : l.kind === 'adaptive' ? l.outputSize.length : l.spatialDims)));
        fields.forEach((f, i) => {
          const even = chain.slice(0, i + 1).every((l) => l.kind !== 'adaptive' || shapeEven(shape, chain, l));
          for (let a = 0; a < D; a++) {
            const O = f.outShape[f.outShape.length - D + a]!;
            let largest = 0;
            for (let t = 0; t < O; t++) {
              const pos = [...tracePositions(shape, chain, D, a, i, t)];
              const lo = Math.min(...pos);
              const hi = Math.max(...pos);
              largest = Math.max(largest, hi - lo + 1);
              if (t === 0) expect(lo, `layer ${i + 1} axis ${a} start`).toBe(f.start[a]);
              if (even) {
                expect(lo, `layer ${i + 1} axis ${a} output ${t} start`).toBe(f.start[a]! + t * f.jump[a]!);
                expect(hi - lo + 1, `layer ${i + 1} axis ${a} output ${t} size`).toBe(f.size[a]);
              }
            }
            expect(f.size[a], `layer ${i + 1} axis ${a} largest field`).toBe(largest);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the input cells that influence an output (by pooling an indicator) lie in its field; without padding or dilation they fill it', () => {
    fc.assert(
      fc.property(chainArb, ({ shape, chain }) => {
        const fields = chainInfo(shape, chain);
        const last = fields.length - 1;
        // Positive, monotone stand-ins: a cell influences an output iff its indicator makes it > 0.
        const positive: ChainLayer[] = chain.map((l) =>
          l.kind === 'window'
            ? { kind: 'window', options: { ...l.options, mode: 'sum' } }
            : l.kind === 'adaptive'
              ? { ...l, mode: 'avg' }
              : { ...l, mode: 'sum' },
        );
        const plain = chain.every(
          (l) => l.kind !== 'window' || (l.options.padding === undefined && (l.options.dilation ?? []).every((v) => v === 1) && !l.options.ceilMode),
        );
        const spatialRank = Math.max(
          ...chain.map((l) => (l.kind === 'window' ? l.options.kernel.length : l.kind === 'adaptive' ? l.outputSize.length : l.spatialDims)),
        );
        const inSpatial = shape.slice(shape.length - spatialRank);
        const outShape = fields[last]!.outShape;
        const outSpatial = outShape.slice(outShape.length - spatialRank);
        const nIn = inSpatial.reduce((a, b) => a * b, 1);
        const nOut = outSpatial.reduce((a, b) => a * b, 1);
        const influence: number[][][] = Array.from({ length: nOut }, () => []);
        for (let c = 0; c < nIn; c++) {
          const x = new Float64Array(nIn);
          x[c] = 1;
          const y = poolChain({ shape: inSpatial, data: x }, positive)[last]!;
          for (let o = 0; o < nOut; o++) if (y.data[o]! > 0) influence[o]!.push(unflat(c, inSpatial));
        }
        const f = fields[last]!;
        for (let o = 0; o < nOut; o++) {
          const oi = unflat(o, outSpatial);
          for (let a = 0; a < spatialRank; a++) {
            const lo = Math.max(0, f.start[a]! + oi[a]! * f.jump[a]!);
            const hi = Math.min(inSpatial[a]! - 1, f.start[a]! + oi[a]! * f.jump[a]! + f.size[a]! - 1);
            const seen = influence[o]!.map((c) => c[a]!);
            if (seen.length === 0) continue;
            if (chain.every((l) => shapeEven(shape, chain, l))) {
              expect(Math.min(...seen)).toBeGreaterThanOrEqual(lo);
              expect(Math.max(...seen)).toBeLessThanOrEqual(hi);
              if (plain) expect([Math.min(...seen), Math.max(...seen)]).toEqual([lo, hi]);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('chainTrace: the cells feeding an output at every level', () => {
  it('ResNet stem: the global average reads every max output; each max output reads its 3×3 window', () => {
    const layers: ChainLayer[] = [
      { kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] } },
      { kind: 'global', mode: 'avg', spatialDims: 2 },
    ];
    const t = chainTrace([1, 3, 8, 8], layers, 2, [0, 0]);
    expect(t[1]).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ]);
    expect(t[0]).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3, 4, 5, 6, 7],
    ]);
    // Output 0 of the max pool: rows −1..1, of which 0 and 1 exist.
    expect(chainTrace([1, 3, 8, 8], layers, 1, [0, 0])).toEqual([
      [
        [0, 1],
        [0, 1],
      ],
    ]);
  });
  it('dilation gaps stay out; a bad layer number or index is a PoolingError', () => {
    const layers: ChainLayer[] = [{ kind: 'window', options: { mode: 'max', kernel: [2], dilation: [3], stride: [1] } }];
    expect(chainTrace([10], layers, 1, [2])).toEqual([[[2, 5]]]);
    expect(() => chainTrace([10], layers, 2, [0])).toThrow(PoolingError);
    expect(() => chainTrace([10], layers, 1, [7])).toThrow(/outIndex/);
  });
  it('equals windowOf / adaptiveWindowOf expanded cell by cell on random chains', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.nat(), ({ shape, chain }, pickLayer, pickCell) => {
        const fields = chainInfo(shape, chain);
        const dims = (l: ChainLayer) => (l.kind === 'window' ? l.options.kernel.length : l.kind === 'adaptive' ? l.outputSize.length : l.spatialDims);
        const D = Math.max(...chain.map(dims));
        const layer = 1 + (pickLayer % chain.length);
        const outShape = fields[layer - 1]!.outShape;
        const outSpatial = outShape.slice(outShape.length - D);
        const count = outSpatial.reduce((a, b) => a * b, 1);
        if (count === 0) return;
        const start = unflat(pickCell % count, outSpatial);
        const traced = chainTrace(shape, chain, layer, start);
        const shapes = [shape, ...fields.map((f) => f.outShape)];
        let cells = new Map<string, number[]>([[start.join(), start]]);
        for (let i = layer - 1; i >= 0; i--) {
          const l = chain[i]!;
          const d = dims(l);
          const inShape = shapes[i]!;
          const next = new Map<string, number[]>();
          for (const cell of cells.values()) {
            const head = cell.slice(0, D - d);
            const own = cell.slice(D - d);
            let window: number[][];
            if (l.kind === 'window') window = windowOf(inShape, l.options, own).cells;
            else if (l.kind === 'adaptive') window = adaptiveWindowOf(inShape, l.outputSize, own).cells;
            else window = allCells(inShape.slice(inShape.length - d));
            for (const w of window) next.set([...head, ...w].join(), [...head, ...w]);
          }
          cells = next;
          const product = allProducts(traced[i]!);
          expect([...cells.keys()].sort(), `level ${i}`).toEqual(product.map((c) => c.join()).sort());
        }
      }),
      { numRuns: 150 },
    );
  });
});

function allCells(shape: readonly number[]): number[][] {
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => unflat(i, shape));
}

function allProducts(axes: readonly (readonly number[])[]): number[][] {
  let out: number[][] = [[]];
  for (const list of axes) out = out.flatMap((prefix) => list.map((v) => [...prefix, v]));
  return out;
}

function unflat(i: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    out[a] = i % shape[a]!;
    i = Math.floor(i / shape[a]!);
  }
  return out;
}

/** An adaptive layer whose bins are all the same size and step (L divisible by O on every axis). */
function shapeEven(shape: readonly number[], chain: readonly ChainLayer[], layer: ChainLayer): boolean {
  if (layer.kind !== 'adaptive') return true;
  const i = chain.indexOf(layer);
  const inShape = i === 0 ? shape : chainInfo(shape, chain.slice(0, i))[i - 1]!.outShape;
  const d = layer.outputSize.length;
  return layer.outputSize.every((O, a) => O === null || inShape[inShape.length - d + a]! % O === 0);
}
