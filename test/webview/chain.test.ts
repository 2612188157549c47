import { describe, expect, it } from 'vitest';
import { chainInfo, poolChain, type ChainLayer } from '../../src/core';
import { computeChain, fieldSteps, traceCell } from '../../webview/chainCompute';
import {
  addLayer,
  CHAIN_MAX_LAYERS,
  defaultChainState,
  fitChain,
  layerFromParams,
  layerSummary,
  moveLayer,
  presetLayers,
  presetsFor,
  removeLayer,
  sanitizeChainState,
  toChainLayers,
  windowLayer,
  type ChainState,
} from '../../webview/chainState';
import { defaultUiState, sanitizeUiState } from '../../webview/state';

const ctx = { shape: [1, 16, 16], convention: 'pytorch' as const, colormap: 'auto', decimals: 3 };
const params = defaultUiState(ctx).params;

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('chain state', () => {
  it('starts from the panel parameters, then a 2×2 max pool', () => {
    const c = defaultChainState({ ...params, kernel: [3, 3], stride: [2, 2], padding: [1, 1], mode: 'avg', countIncludePad: false });
    expect(c.version).toBe(1);
    expect(c.selected).toBeNull();
    expect(c.layers).toHaveLength(2);
    expect(toChainLayers(c)[0]).toEqual({
      kind: 'window',
      options: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: false, countIncludePad: false },
    });
    expect(layerSummary(c.layers[1]!)).toBe('max k2 s2');
  });

  it("takes the convention's default stride, and what a layer cannot hold as the nearest it can", () => {
    // ONNX: stride 1 by default.
    expect(layerFromParams({ ...params, convention: 'onnx', stride: null, kernel: [3, 3] }).stride).toEqual([1, 1]);
    // 'same' padding becomes 0 (a layer pads symmetrically); min pooling becomes max.
    const l = layerFromParams({ ...params, padding: 'same', mode: 'min' });
    expect(l.padding).toEqual([0, 0]);
    expect(l.mode).toBe('max');
    expect(layerFromParams({ ...params, kind: 'adaptive', outputSize: [3, null] }).outputSize).toEqual([3, 1]);
  });

  it('has the presets the issue names', () => {
    expect(toChainLayers({ version: 1, layers: presetLayers('resnet', 2, params), selected: null })).toEqual([
      { kind: 'window', options: { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: false } },
      { kind: 'global', mode: 'avg', spatialDims: 2 },
    ]);
    const vgg = presetLayers('vgg', 2, params);
    expect(vgg).toHaveLength(5);
    expect(vgg.map(layerSummary)).toEqual(new Array(5).fill('max k2 s2'));
    expect(presetLayers('text', 1, params).map(layerSummary)).toEqual(['avg k3 s1 p1', 'max k2 s2', 'global max']);
    expect(presetsFor(1)).toContain('text');
    expect(presetsFor(2)).not.toContain('text');
  });

  it('adds, removes and moves layers within 2–5, dropping the selection', () => {
    let c: ChainState = { ...defaultChainState(params), selected: [0, 0] };
    c = addLayer(c);
    expect(c.layers).toHaveLength(3);
    expect(c.selected).toBeNull();
    for (let i = 0; i < 5; i++) c = addLayer(c);
    expect(c.layers).toHaveLength(CHAIN_MAX_LAYERS);
    c = { ...c, layers: c.layers.map((l, i) => ({ ...l, kernel: [i + 1, i + 1] })) };
    const moved = moveLayer(c, 3, -1);
    expect(moved.layers.map((l) => l.kernel[0])).toEqual([1, 2, 4, 3, 5]);
    expect(moveLayer(c, 0, -1)).toBe(c);
    expect(moveLayer(c, 4, 1)).toBe(c);
    let r = c;
    for (let i = 0; i < 5; i++) r = removeLayer(r, 0);
    expect(r.layers.map((l) => l.kernel[0])).toEqual([4, 5]);
  });

  it('resizes every layer to new spatial axes, keeping the trailing entries', () => {
    const c = { ...defaultChainState(params), selected: [1, 1] };
    const one = fitChain(c, 1);
    expect(one.layers.every((l) => l.kernel.length === 1 && l.padding.length === 1 && l.outputSize.length === 1)).toBe(true);
    expect(one.selected).toBeNull();
    expect(fitChain(c, 2)).toBe(c);
  });
});

describe('restoring the chain state', () => {
  const good = { ...defaultChainState(params), selected: [2, 3] };

  it('keeps a valid state and round-trips through JSON', () => {
    expect(sanitizeChainState(JSON.parse(JSON.stringify(good)), 2)).toEqual(good);
  });

  it('refuses another version, a wrong layer count, a layer of the wrong shape or kind', () => {
    expect(sanitizeChainState({ ...good, version: 2 }, 2)).toBeNull();
    expect(sanitizeChainState({ ...good, layers: good.layers.slice(0, 1) }, 2)).toBeNull();
    expect(sanitizeChainState({ ...good, layers: new Array(6).fill(good.layers[0]) }, 2)).toBeNull();
    expect(sanitizeChainState(good, 1)).toBeNull();
    expect(sanitizeChainState({ ...good, layers: [{ ...good.layers[0], kind: 'fractional' }, good.layers[1]] }, 2)).toBeNull();
    expect(sanitizeChainState({ ...good, layers: [{ ...good.layers[0], kernel: [2, 2.5] }, good.layers[1]] }, 2)).toBeNull();
    expect(sanitizeChainState({ ...good, layers: [{ ...good.layers[0], kind: 'global', mode: 'lp' }, good.layers[1]] }, 2)).toBeNull();
    expect(sanitizeChainState({ ...good, layers: [{ ...good.layers[0], p: Number.NaN }, good.layers[1]] }, 2)).toBeNull();
    expect(sanitizeChainState('chain', 2)).toBeNull();
    expect(sanitizeChainState(null, 2)).toBeNull();
  });

  it('keeps values the core will judge (kernel 0 shows at its layer), drops a selection of the wrong length', () => {
    const bad = { ...good, layers: [{ ...good.layers[0]!, kernel: [0, 2] }, good.layers[1]!], selected: [1] };
    const s = sanitizeChainState(bad, 2);
    expect(s?.layers[0]?.kernel).toEqual([0, 2]);
    expect(s?.selected).toBeNull();
    expect(sanitizeChainState({ ...good, selected: [-1, 0] }, 2)?.selected).toBeNull();
  });

  it('lives in the panel state: restored, defaulted, never open together with Compare', () => {
    const fallback = defaultUiState(ctx);
    expect(fallback.chain).toBeNull();
    expect(fallback.view.chain).toBe(false);
    const saved = { ...fallback, view: { ...fallback.view, chain: true }, chain: good };
    const restored = sanitizeUiState(JSON.parse(JSON.stringify(saved)), ctx.shape, fallback);
    expect(restored.chain).toEqual(good);
    expect(restored.view.chain).toBe(true);
    const both = sanitizeUiState({ ...saved, view: { ...saved.view, compare: true } }, ctx.shape, fallback);
    expect(both.view.compare).toBe(true);
    expect(both.view.chain).toBe(false);
    expect(sanitizeUiState({ ...saved, chain: { ...good, version: 7 } }, ctx.shape, fallback).chain).toBeNull();
    // A state saved before the Chain view existed restores as it was.
    const { chain: _, ...old } = saved;
    const oldView = { ...old.view } as Record<string, unknown>;
    delete oldView.chain;
    const fromOld = sanitizeUiState({ ...old, view: oldView }, ctx.shape, fallback);
    expect(fromOld.chain).toBeNull();
    expect(fromOld.view.chain).toBe(false);
  });
});

/** A random chain layer of `d` axes (window max/avg/lp, adaptive, global). */
function randomLayer(r: () => number, d: number): ChainLayer {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const u = r();
  if (u < 0.15) return { kind: 'global', mode: r() < 0.5 ? 'max' : 'avg', spatialDims: d };
  if (u < 0.3) return { kind: 'adaptive', mode: r() < 0.5 ? 'max' : 'avg', outputSize: Array.from({ length: d }, () => int(1, 4)) };
  const kernel = Array.from({ length: d }, () => int(1, 3));
  const mode = (['max', 'avg', 'lp'] as const)[int(0, 2)]!;
  return {
    kind: 'window',
    options: {
      mode,
      kernel,
      stride: Array.from({ length: d }, () => int(1, 3)),
      padding: kernel.map((k) => (mode === 'lp' ? 0 : int(0, Math.floor(k / 2)))),
      dilation: Array.from({ length: d }, () => (mode === 'avg' ? 1 : int(1, 2))),
      ceilMode: r() < 0.3,
      ...(mode === 'lp' ? { p: 2 } : {}),
    },
  };
}

describe('computeChain (the one pure chain computation)', () => {
  it('equals poolChain and chainInfo on random chains, or names the layer at fault like them and computes the layers before it', () => {
    const r = rng(13);
    let ok = 0;
    let failed = 0;
    let partial = 0;
    for (let t = 0; t < 200; t++) {
      const d = 1 + Math.floor(r() * 2);
      const spatial = Array.from({ length: d }, () => 3 + Math.floor(r() * 14));
      const shape = [1 + Math.floor(r() * 2), ...spatial];
      const n = shape.reduce((a, b) => a * b, 1);
      const data = r() < 0.5 ? Float32Array.from({ length: n }, () => Math.round(r() * 200 - 100) / 4) : Float64Array.from({ length: n }, () => r() * 10 - 5);
      const layers = Array.from({ length: 2 + Math.floor(r() * 4) }, () => randomLayer(r, d));
      const result = computeChain({ data, shape, layers });
      let want:
        | { outputs: { shape: readonly number[]; data: Float32Array | Float64Array }[]; fields: unknown }
        | { error: { message: string; layer: number | undefined } };
      try {
        want = { outputs: poolChain({ shape, data }, layers), fields: chainInfo(shape, layers) };
      } catch (e) {
        const err = e as { message: string; layer?: number };
        want = { error: { message: err.message, layer: err.layer } };
      }
      /** The computed outputs equal poolChain's of `upTo` layers, their fields chainInfo's. */
      const same = (upTo: number) => {
        const outs = poolChain({ shape, data }, layers.slice(0, upTo));
        expect(result.fields).toEqual(chainInfo(shape, layers.slice(0, upTo)));
        expect(result.outputs.map((o) => o.shape)).toEqual(outs.map((o) => o.shape));
        result.outputs.forEach((o, i) => {
          expect(o.data.constructor).toBe(outs[i]!.data.constructor);
          expect(Array.from(o.data)).toEqual(Array.from(outs[i]!.data));
        });
        const all = result.outputs.flatMap((o) => Array.from(o.data)).filter((v) => !Number.isNaN(v));
        if (all.length) {
          expect(result.stats.min).toBe(Math.min(...all));
          expect(result.stats.max).toBe(Math.max(...all));
        }
      };
      if ('error' in want) {
        failed++;
        expect(result.problem?.message).toBe(want.error.message);
        expect(result.problem?.layer).toBe(want.error.layer ?? null);
        expect(result.problem?.message).toMatch(/^layer \d: /);
        // The layers before the one at fault are still computed.
        same((want.error.layer ?? 1) - 1);
        if ((want.error.layer ?? 1) > 1) partial++;
        continue;
      }
      ok++;
      expect(result.problem).toBeNull();
      same(layers.length);
    }
    // Both paths are exercised.
    expect(ok).toBeGreaterThan(40);
    expect(failed).toBeGreaterThan(20);
    expect(partial).toBeGreaterThan(10);
  });

  it('names the layer at fault as the issue says ("layer 3: kernel 3 > input 2"-style)', () => {
    const layers: ChainLayer[] = [0, 1, 2].map(() => ({ kind: 'window', options: { mode: 'max', kernel: [3], stride: [2] } }));
    const result = computeChain({ data: new Float32Array(8), shape: [1, 8], layers });
    expect(result.problem?.layer).toBe(3);
    expect(result.problem?.parameter).toBe('kernel');
    expect(result.problem?.message).toMatch(/^layer 3: .*kernel/);
    // Layers 1 and 2 still give their outputs (8 → 3 → 1).
    expect(result.outputs.map((o) => o.shape)).toEqual([
      [1, 3],
      [1, 1],
    ]);
  });

  it('takes and gives only structured-clonable values (a worker can run it)', () => {
    const job = {
      data: Float32Array.from({ length: 64 }, (_, i) => i),
      shape: [1, 8, 8],
      layers: toChainLayers({ version: 1, layers: presetLayers('resnet', 2, params), selected: null }),
    };
    const result = computeChain(structuredClone(job));
    expect(structuredClone(result)).toEqual(result);
  });
});

describe('fieldSteps (the recurrences filled in)', () => {
  it('r = r_in + (k − 1)·d·j_in, j = j_in·s, start = start_in − p·j_in give chainInfo’s numbers at every closed-form step', () => {
    const r = rng(7);
    let closed = 0;
    for (let t = 0; t < 200; t++) {
      const d = 1 + Math.floor(r() * 2);
      const shape = [1, ...Array.from({ length: d }, () => 8 + Math.floor(r() * 40))];
      const layers = Array.from({ length: 2 + Math.floor(r() * 4) }, () => randomLayer(r, d));
      let fields: ReturnType<typeof chainInfo>;
      try {
        fields = chainInfo(shape, layers);
      } catch {
        continue;
      }
      const steps = fieldSteps(shape, layers, fields);
      steps.forEach((perAxis, i) => {
        perAxis.forEach((s, a) => {
          expect(s.r).toBe(fields[i]!.size[a]);
          expect(s.j).toBe(fields[i]!.jump[a]);
          expect(s.start).toBe(fields[i]!.start[a]);
          if (!s.closed) return;
          closed++;
          expect(s.rIn + (s.k - 1) * s.d * s.jIn).toBe(s.r);
          expect(s.jIn * s.s).toBe(s.j);
          expect(s.startIn - s.p * s.jIn).toBe(s.start);
        });
      });
    }
    expect(closed).toBeGreaterThan(200);
  });

  it('fills in the ResNet stem on 224² (max k3 s2 p1, global avg over 112)', () => {
    const layers = toChainLayers({ version: 1, layers: presetLayers('resnet', 2, params), selected: null });
    const shape = [1, 224, 224];
    const steps = fieldSteps(shape, layers, chainInfo(shape, layers));
    expect(steps[0]![0]).toMatchObject({ closed: true, k: 3, s: 2, d: 1, p: 1, rIn: 1, jIn: 1, startIn: 0, r: 3, j: 2, start: -1 });
    expect(steps[1]![1]).toMatchObject({ closed: true, k: 112, s: 112, rIn: 3, jIn: 2, r: 3 + 111 * 2, j: 224, start: -1 });
  });

  it('traces one cell of the last output to every level (chainTrace)', () => {
    const layers: ChainLayer[] = [windowLayer(2, 'max', 3, 2, 1), windowLayer(2, 'avg', 2, 2)].map(
      (l) => toChainLayers({ version: 1, layers: [l, l], selected: null })[0]!,
    );
    const trace = traceCell([1, 16, 16], layers, [3, 3]);
    expect(trace).toHaveLength(2);
    expect(trace[1]).toEqual([
      [6, 7],
      [6, 7],
    ]);
    expect(trace[0]).toEqual([
      [11, 12, 13, 14, 15],
      [11, 12, 13, 14, 15],
    ]);
  });
});
