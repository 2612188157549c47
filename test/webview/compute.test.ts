import { describe, expect, it } from 'vitest';
import { codeFor, plan, runPool } from '../../webview/compute';
import { defaultParams, type Params } from '../../webview/state';

const base = (over: Partial<Params> = {}): Params => ({ ...defaultParams([0, 1], 'pytorch'), ...over });
const m5 = { shape: [1, 5, 5], data: Float32Array.from({ length: 25 }, (_, i) => i + 1) };

describe('plan', () => {
  it('gives the output size, the formula and the window geometry', () => {
    const r = plan([1, 5, 5], base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.outSpatial).toEqual([2, 2]);
    expect(r.plan.formula.map((f) => f.text)).toEqual([
      'H_out = floor((5 + 0 + 0 \u2212 1\u00b7(2 \u2212 1) \u2212 1) / 2) + 1 = 2',
      'W_out = floor((5 + 0 + 0 \u2212 1\u00b7(2 \u2212 1) \u2212 1) / 2) + 1 = 2',
    ]);
    expect(r.plan.geometry).toMatchObject({ kind: 'window', kernel: [2, 2], stride: [2, 2], padBefore: [0, 0] });
  });

  it('reports the core\u2019s error with the parameter it names', () => {
    const r = plan([1, 5, 5], base({ stride: [0, 2] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.parameter).toBe('stride');
    expect(r.problem.message).toMatch(/stride/);
    const big = plan([1, 5, 5], base({ padding: [2, 0] }));
    expect(!big.ok && big.problem.parameter).toBe('padding');
  });

  it('checks adaptive output sizes and modes', () => {
    const ok = plan([1, 7, 5], base({ kind: 'adaptive', outputSize: [3, null] }));
    expect(ok.ok && ok.plan.outSpatial).toEqual([3, 5]);
    const zero = plan([1, 7, 5], base({ kind: 'adaptive', outputSize: [0, null] }));
    expect(!zero.ok && zero.problem.parameter).toBe('outputSize');
    const sum = plan([1, 7, 5], base({ kind: 'adaptive', mode: 'sum' }));
    expect(!sum.ok && sum.problem.parameter).toBe('mode');
  });

  it('makes global pooling one window', () => {
    const r = plan([2, 7, 5], base({ kind: 'global' }));
    expect(r.ok && r.plan.outSpatial).toEqual([1, 1]);
  });
});

describe('runPool', () => {
  it('pools with the core, into reused memory when given', () => {
    expect(Array.from(runPool(m5, base()).data)).toEqual([7, 9, 17, 19]);
    const reuse = new Float32Array(4);
    const out = runPool(m5, base({ mode: 'avg' }), reuse);
    expect(out.data.buffer).toBe(reuse.buffer);
    expect(Array.from(out.data)).toEqual([4, 6, 14, 16]);
    expect(Array.from(runPool(m5, base({ kind: 'adaptive', outputSize: [1, 1] })).data)).toEqual([25]);
    expect(Array.from(runPool(m5, base({ kind: 'global', mode: 'sum' })).data)).toEqual([325]);
  });
});

describe('codeFor', () => {
  it('writes window pooling through the core, and adaptive/global layers itself', () => {
    expect(codeFor(base(), 'pytorch', [1, 5, 5])).toMatch(/max_pool2d/);
    expect(codeFor(base({ kind: 'adaptive', outputSize: [3, null] }), 'pytorch', [1, 5, 5])).toMatch(/nn\.AdaptiveMaxPool2d\(\(3, None\)\)/);
    expect(codeFor(base({ kind: 'global', mode: 'avg' }), 'keras', [1, 5, 5])).toMatch(/GlobalAveragePooling2D\(keepdims=True\)/);
    expect(codeFor(base({ kind: 'global', mode: 'max' }), 'onnx', [1, 5, 5])).toMatch(/GlobalMaxPool/);
  });
});
