// fast-check generators and exact comparison helpers for the core's property tests.
import fc from 'fast-check';
import type { NDArray, Padding, PoolMode, PoolOptions } from '../../src/core/types';

export type Dtype = 'float32' | 'float64';

/** Ties (small ints), ordinary doubles and the specials: NaN, ±inf, ±0. */
export const valueArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 2, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  // fc.double favours edge values; these have full mantissas, so sums round.
  { weight: 2, arbitrary: fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((v) => v * 9.313e-8) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0) },
);

/** Wide dynamic range: float32 sums round at almost every step. */
export const wideValueArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((v) => v / 1024 + v * 1e-7),
  fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((v) => v * 3.1e-9),
);

/** Integer data without specials: window sums are exact, so order-changing sum kernels run. */
export const intValueArb: fc.Arbitrary<number> = fc.integer({ min: -50, max: 50 });

export function makeArray(shape: readonly number[], values: readonly number[], dtype: Dtype): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = values[i % values.length] ?? 0;
  return { shape, data };
}

export interface PoolCase {
  input: NDArray;
  options: PoolOptions;
}

interface AxisDraw {
  k: number;
  s: number;
  dil: number;
  padA: number;
  padB: number;
  extra: number;
}

const axisArb = (maxK: number): fc.Arbitrary<AxisDraw> =>
  fc.record({
    k: fc.integer({ min: 1, max: maxK }),
    s: fc.integer({ min: 1, max: 4 }),
    dil: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) }),
    padA: fc.nat(8),
    padB: fc.nat(8),
    extra: fc.nat(9),
  });

type PadKind = 'none' | 'sym' | 'pairs' | 'same' | 'same-lower' | 'valid';

export interface CaseConfig {
  modes?: readonly PoolMode[];
  values?: fc.Arbitrary<number>;
  maxK?: number;
  dims?: readonly number[];
  padKinds?: readonly PadKind[];
  dtypes?: readonly Dtype[];
  /** false: never ceil mode / never dilation. */
  ceil?: boolean;
  dilation?: boolean;
  accumulates?: readonly ('torch' | 'float64' | undefined)[];
}

/** A valid pooling call: shapes with 0–2 leading dims and 1–3 spatial dims, every option. */
export function poolCaseArb(cfg: CaseConfig = {}): fc.Arbitrary<PoolCase> {
  const modes = cfg.modes ?? ['max', 'min', 'avg', 'sum', 'lp'];
  const dims = cfg.dims ?? [1, 2, 3];
  const padKinds = cfg.padKinds ?? ['none', 'sym', 'pairs', 'same', 'same-lower', 'valid'];
  const maxK = cfg.maxK ?? 9;
  return fc
    .constantFrom(...dims)
    .chain((d) =>
      fc.record({
        axes: fc.array(axisArb(d === 3 ? Math.min(maxK, 5) : maxK), { minLength: d, maxLength: d }),
        lead: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        mode: fc.constantFrom(...modes),
        padKind: fc.constantFrom(...padKinds),
        ceil: fc.boolean(),
        cip: fc.option(fc.boolean(), { nil: undefined }),
        divisor: fc.option(
          fc.integer({ min: -4, max: 9 }).filter((v) => v !== 0),
          { nil: undefined, freq: 4 },
        ),
        p: fc.constantFrom(1, 2, 3, 1.5, Infinity),
        idx: fc.boolean(),
        dtype: fc.constantFrom<Dtype>(...(cfg.dtypes ?? ['float32', 'float64'])),
        accumulate: fc.constantFrom<'torch' | 'float64' | undefined>(...(cfg.accumulates ?? [undefined, 'torch', 'float64'])),
        values: fc.array(cfg.values ?? valueArb, { minLength: 1, maxLength: 64 }),
        defaultStride: fc.boolean(),
      }),
    )
    .map((r) => {
      const kernel = r.axes.map((a) => a.k);
      const stride = r.axes.map((a) => a.s);
      const dilation = r.axes.map((a) => a.dil);
      let padding: Padding | undefined;
      let pb: number[] = kernel.map(() => 0);
      let pa: number[] = kernel.map(() => 0);
      switch (r.padKind) {
        case 'sym':
          pb = r.axes.map((a) => a.padA % (Math.floor(a.k / 2) + 1));
          pa = pb;
          padding = pb;
          break;
        case 'pairs':
          pb = r.axes.map((a) => a.padA % a.k);
          pa = r.axes.map((a) => a.padB % a.k);
          padding = pb.map((b, i) => [b, pa[i]!] as const);
          break;
        case 'same':
        case 'same-lower':
        case 'valid':
          padding = r.padKind;
          break;
        default:
          padding = undefined;
      }
      // Smallest length giving at least one output, plus some.
      const auto = r.padKind === 'same' || r.padKind === 'same-lower';
      const spatial = r.axes.map((a, i) => {
        const ext = a.dil * (a.k - 1) + 1;
        const min = auto ? 1 : Math.max(1, ext - pb[i]! - pa[i]!);
        return min + a.extra;
      });
      const shape = [...r.lead, ...spatial];
      const options: PoolOptions = { mode: r.mode, kernel };
      if (!r.defaultStride) options.stride = stride;
      if (r.padKind !== 'none') options.padding = padding;
      if (cfg.dilation !== false && dilation.some((v) => v !== 1)) options.dilation = dilation;
      if (cfg.ceil !== false && r.ceil) options.ceilMode = true;
      if (r.mode === 'avg' || r.mode === 'lp') {
        if (r.cip !== undefined) options.countIncludePad = r.cip;
      }
      if (r.mode === 'avg' && r.divisor !== undefined) options.divisorOverride = r.divisor;
      if (r.mode === 'lp') options.p = r.p;
      if ((r.mode === 'max' || r.mode === 'min') && r.idx) options.returnIndices = true;
      if (r.accumulate !== undefined) options.accumulate = r.accumulate;
      return { input: makeArray(shape, r.values, r.dtype), options };
    });
}

/** Human-readable case, for failure messages. */
export function describeCase(c: PoolCase): string {
  return `x=${JSON.stringify(c.input.shape)} ${c.input.data instanceof Float32Array ? 'f32' : 'f64'} ${JSON.stringify(c.options)}`;
}

/** Index of the first element that differs (Object.is: NaN equals NaN, −0 differs from +0), or −1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Throws a readable message when the arrays differ anywhere. */
export function expectSame(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  const i = firstDifference(got, want);
  if (i >= 0) {
    throw new Error(`${what}: first difference at [${i}]: got ${String(got[i])}, want ${String(want[i])} (lengths ${got.length}/${want.length})`);
  }
}
