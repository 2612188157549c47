// What the panel displays and what Export writes must be the same numbers, to the bit, for
// every request: the panel pools one block (webview/model.ts), the host pools the whole array
// from the request the panel sends (exportPool.ts). Both go through src/request; this test
// holds them to it over random requests (every mode, kind, convention, padding form, dtype).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NDArray } from '../../src/core/types';
import { computeExport } from '../../src/extension/panel/exportPool';
import type { AutoPad } from '../../src/protocol';
import { PoolModel } from '../../webview/model';
import { poolRequest } from '../../webview/requests';
import { applyConvention, defaultParams, type Params } from '../../webview/state';

interface Case {
  input: NDArray;
  params: Params;
  indices: number[];
}

const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -4, max: 9 }) },
  { weight: 2, arbitrary: fc.double({ min: -50, max: 50, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0) },
);

const paddingArb = (kernel: number[]): fc.Arbitrary<Params['padding']> =>
  fc.oneof(
    fc.tuple(...kernel.map((k) => fc.integer({ min: 0, max: Math.floor(k / 2) }))),
    fc.tuple(...kernel.map((k) => fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 })))),
    fc.constantFrom<AutoPad>('valid', 'same', 'same-lower'),
  ) as fc.Arbitrary<Params['padding']>;

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
    dtype: fc.constantFrom('float32', 'float64'),
    convention: fc.constantFrom('pytorch', 'keras', 'onnx' as const),
    seed: fc.array(valueArb, { minLength: 1, maxLength: 64 }),
    axesPick: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  })
  .chain(({ shape, dtype, convention, seed, axesPick }) => {
    let spatialAxes = shape.map((_, a) => a).filter((a) => axesPick[a]);
    if (spatialAxes.length === 0) spatialAxes = [shape.length - 1];
    spatialAxes = spatialAxes.slice(-3);
    const d = spatialAxes.length;
    const n = shape.reduce((a, b) => a * b, 1);
    const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = seed[(i * 7) % seed.length]! + (i % 3) * 0.25;
    const input: NDArray = { shape, data };
    const base = applyConvention(defaultParams(spatialAxes, convention), convention);
    return fc
      .record({
        kind: fc.constantFrom('window', 'window', 'adaptive', 'global' as const),
        mode: fc.constantFrom('max', 'min', 'avg', 'sum', 'lp' as const),
        kernel: fc.tuple(...spatialAxes.map(() => fc.integer({ min: 1, max: 4 }))),
        stride: fc.option(fc.tuple(...spatialAxes.map(() => fc.integer({ min: 1, max: 3 })))),
        dilation: fc.tuple(...spatialAxes.map(() => fc.integer({ min: 1, max: 2 }))),
        ceilMode: fc.boolean(),
        countIncludePad: fc.boolean(),
        divisorOverride: fc.option(fc.integer({ min: -3, max: 5 })),
        p: fc.constantFrom(1, 2, 3, 0.5, 1.5, Infinity),
        outputSize: fc.tuple(...spatialAxes.map(() => fc.option(fc.integer({ min: 1, max: 4 })))),
        indices: fc.tuple(...shape.map((s) => fc.integer({ min: 0, max: s - 1 }))),
      })
      .chain((r) =>
        paddingArb(r.kernel).map((padding): Case => {
          const params: Params = { ...base, ...r, padding, kernel: r.kernel, stride: r.stride, dilation: r.dilation, outputSize: r.outputSize };
          delete (params as Partial<Case & Params>).indices;
          return { input, params, indices: r.indices.map((v, a) => (spatialAxes.includes(a) ? 0 : v)) };
        }),
      )
      .map((c) => ({ ...c, params: { ...c.params, spatialAxes, convention } }))
      .filter((c) => c.params.kernel.length === d);
  });

/** The plane the panel shows: the export's output at the panel's indices of the non-spatial axes. */
function exportedPlane(pooled: NDArray, shape: readonly number[], spatialAxes: readonly number[], indices: readonly number[]): Float32Array | Float64Array {
  const leading = shape.map((_, a) => a).filter((a) => !spatialAxes.includes(a));
  const leadCount = leading.reduce((p, a) => p * shape[a]!, 1);
  const planeSize = pooled.data.length / leadCount;
  let flat = 0;
  for (const a of leading) flat = flat * shape[a]! + indices[a]!;
  return pooled.data.subarray(flat * planeSize, (flat + 1) * planeSize);
}

const bytes = (a: Float32Array | Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('the panel displays exactly what Export writes', () => {
  it('for random requests: same success, same dtype, same bits', () => {
    fc.assert(
      fc.property(caseArb, ({ input, params, indices }) => {
        const model = new PoolModel();
        model.ensureBlock(input.data, input.shape, params.spatialAxes, indices, null);
        model.compute(params, []);
        let exported: NDArray | null = null;
        let exportError = '';
        try {
          exported = computeExport(input, poolRequest(params)).pooled;
        } catch (e) {
          exportError = e instanceof Error ? e.message : String(e);
        }
        const shown = model.problems.length === 0 ? model.out : null;
        expect(shown === null, `panel: ${model.problems.map((p) => p.message).join(' ')} / export: ${exportError}`).toBe(exported === null);
        if (!shown || !exported) return;
        const plane = exportedPlane(exported, input.shape, params.spatialAxes, indices);
        expect(plane.constructor).toBe(shown.array.data.constructor);
        expect(Array.from(bytes(plane))).toEqual(Array.from(bytes(shown.array.data)));
      }),
      { numRuns: 600, seed: 11 },
    );
  });

  it('LP with explicit padding under Keras: the issue’s 3×3 example', () => {
    const input: NDArray = { shape: [3, 3], data: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) };
    const params: Params = { ...defaultParams([0, 1], 'keras'), mode: 'lp', padding: [1, 1] };
    const model = new PoolModel();
    model.ensureBlock(input.data, input.shape, [0, 1], [0, 0], null);
    model.compute(params, []);
    const exported = computeExport(input, poolRequest(params)).output;
    expect(Array.from(exported.data)).toEqual(Array.from(model.out!.array.data));
    expect(Array.from(model.out!.array.data, (v) => v.toFixed(2))).toEqual(['1.00', '3.61', '8.06', '14.35']);
  });
});
