/*
 * The core under absurd parameters: 0, negatives, NaN, ±Infinity, fractions, 1e9, 2^31, 2^53,
 * wrong types, wrong lengths, more dims than the input has, outputs over the cell limit. Each call
 * either returns (and then agrees with test/reference/pool.ts) or throws a PoolingError whose
 * `.parameter` names the bad parameter; never another error. Every call runs under the fuzz
 * allocation tracker: nothing over 64 MB may be allocated (the inputs are tiny and every legal
 * output here is small, so a large allocation can only come before a missing check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptivePool, fractionalMaxPool, globalPool, outputShape, pool, PoolingError, unpool, windowOf } from '../../src/core/index';
import type { NDArray, PoolMode, PoolOptions } from '../../src/core/index';
import { refAdaptive, refFractional, refOutLength, refPads, refPool, refUnpool } from '../reference/pool';
import { arm, disarm, installAllocationTracker } from '../fuzz/alloc';

installAllocationTracker();

const RUNS = Number(process.env.ABSURD_RUNS ?? 300);
const ALLOC_BOUND = 64 * 1024 * 1024;
/** Reference calls visit every tap: only run them when that is cheap. */
const REFERENCE_WORK = 200_000;

/** Numbers no parameter should take silently. */
const INVALID = [NaN, Infinity, -Infinity, -1, -7, 1.5, 0.5, -0.5, 2 ** 31, 2 ** 53, 1e300];
/** Legal integers far beyond any array here: accepted, or refused because of what they imply. */
const HUGE = [1e9, 2 ** 31 - 1, 2 ** 30];
/** Not numbers at all. */
const WRONG_TYPE: unknown[] = [null, undefined, '2', [2], {}, true];

const absurdNumber = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INVALID).map((v) => ({ v: v as unknown, kind: 'invalid' as const })) },
  { weight: 3, arbitrary: fc.constantFrom(...HUGE).map((v) => ({ v: v as unknown, kind: 'huge' as const })) },
  { weight: 1, arbitrary: fc.constant({ v: 0 as unknown, kind: 'zero' as const }) },
  { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPE).map((v) => ({ v, kind: 'invalid' as const })) },
);
type Absurd = { v: unknown; kind: 'invalid' | 'huge' | 'zero' };

interface Input {
  input: NDArray;
  /** Number of trailing spatial dims used by the valid base parameters (1 to min(3, ndim)). */
  d: number;
}

const inputArb: fc.Arbitrary<Input> = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
    f32: fc.boolean(),
    seed: fc.integer(),
    d: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ shape, f32, seed, d }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = f32 ? new Float32Array(n) : new Float64Array(n);
    let s = seed | 0;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      data[i] = ((s >>> 8) % 19) - 9;
    }
    return { input: { shape, data }, d: Math.min(d, shape.length) };
  });

type Outcome = { ok: true; value: unknown } | { ok: false; parameter: string | undefined; message: string };

/** Runs `f` under the allocation tracker; anything but a PoolingError fails the test here. */
function attempt(what: string, f: () => unknown): Outcome {
  arm(ALLOC_BOUND);
  let outcome: Outcome;
  try {
    outcome = { ok: true, value: f() };
  } catch (e) {
    const seen = disarm();
    if (seen.violation) throw new Error(`${what}: ${seen.violation} before any check`);
    if (!(e instanceof PoolingError)) throw new Error(`${what}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}, not a PoolingError`);
    expect(e.message.length, `${what}: message`).toBeGreaterThan(10);
    return { ok: false, parameter: e.parameter, message: e.message };
  }
  const seen = disarm();
  if (seen.violation) throw new Error(`${what}: ${seen.violation}`);
  return outcome;
}

function same(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) throw new Error(`${what}: [${i}] is ${got[i]}, reference ${want[i]}`);
  }
}

const show = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x === undefined ? 'undefined' : x));

/** A refusal must name `expected` (or, for a legal but huge value, what it implies). */
function expectNamed(o: Outcome, absurd: Absurd, expected: string, implied: readonly string[], what: string): void {
  if (o.ok) {
    // Only legal values may be accepted: zero where zero is legal, huge integers that happen to work.
    expect(absurd.kind === 'invalid', `${what}: accepted an invalid value`).toBe(false);
    return;
  }
  const allowed = absurd.kind === 'invalid' ? [expected] : [expected, ...implied];
  expect(allowed, `${what}: refused naming '${o.parameter}' (${o.message})`).toContain(o.parameter);
}

const MODES: PoolMode[] = ['max', 'min', 'avg', 'sum', 'lp'];

/** Valid options for the last `d` dims of `shape`. */
function validOptions(shape: readonly number[], d: number, mode: PoolMode, padSame: boolean): PoolOptions {
  const spatial = shape.slice(shape.length - d);
  const kernel = spatial.map((L) => Math.min(L, 2));
  return { mode, kernel, stride: kernel.map(() => 1), padding: padSame ? 'same' : kernel.map((k) => Math.floor(k / 2)), dilation: kernel.map(() => 1) };
}

function checkPoolResult(c: Input, options: PoolOptions, value: unknown, what: string): void {
  const result = value as { output: NDArray; indices?: Int32Array };
  const shape = outputShape(c.input.shape, options);
  expect(result.output.shape, what).toEqual(shape);
  expect(result.output.data.length, what).toBe(shape.reduce((a, b) => a * b, 1));
  const taps = options.kernel.reduce((a, b) => a * b, 1);
  if (taps * result.output.data.length <= REFERENCE_WORK) {
    const want = refPool(c.input, options);
    same(result.output.data, want.output.data, `${what} values vs reference`);
    if (result.indices) same(result.indices, want.indices!, `${what} indices vs reference`);
  }
}

describe('pool with one absurd parameter', () => {
  const arrayParams = ['kernel', 'stride', 'padding', 'dilation'] as const;

  it('an entry of kernel/stride/padding/dilation is absurd: PoolingError naming it, or a result equal to the reference', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.constantFrom(...arrayParams),
        fc.nat(2),
        absurdNumber,
        fc.constantFrom(...MODES),
        fc.boolean(),
        (c, param, slot, absurd, mode, padSame) => {
          const options = validOptions(c.input.shape, c.d, mode, padSame && param !== 'padding');
          const values = [...(options[param] as number[])];
          values[slot % values.length] = absurd.v as number;
          const bad = { ...options, [param]: values } as PoolOptions;
          const what = `pool x=${show(c.input.shape)} ${show(bad)}`;
          // 0 is legal padding only; a huge stride or padding can only be refused for what it implies.
          const kind = absurd.kind === 'zero' && param !== 'padding' ? 'invalid' : absurd.kind;
          const o = attempt(what, () => pool(c.input, bad));
          expectNamed(o, { ...absurd, kind }, param, ['kernel', 'padding', 'output'], what);
          if (o.ok) checkPoolResult(c, bad, o.value, what);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('kernel/stride/padding/dilation of the wrong length or type: PoolingError naming it (or the input, for more dims than it has)', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.constantFrom(...arrayParams),
        fc.oneof(
          fc.constantFrom<unknown>(null, 3, '2,2', {}, [[1]], ['2']),
          fc.integer({ min: 0, max: 6 }).map((n) => Array<number>(n).fill(1)),
        ),
        fc.constantFrom(...MODES),
        (c, param, replacement, mode) => {
          const options = validOptions(c.input.shape, c.d, mode, false);
          if (Array.isArray(replacement) && replacement.length === c.d && replacement.every((v) => v === 1)) return; // that one is valid
          const bad = { ...options, [param]: replacement } as PoolOptions;
          const what = `pool x=${show(c.input.shape)} ${show(bad)}`;
          const o = attempt(what, () => pool(c.input, bad));
          if (o.ok) {
            // [[1]] is a legal padding pair list in 1-D only if it had two entries: nothing here is legal.
            throw new Error(`${what}: accepted`);
          }
          // The kernel's length sets the number of spatial dims: then the input (too few dims) or
          // the options that no longer match it are what is wrong.
          const kernelLength = param === 'kernel' && Array.isArray(replacement) && replacement.every((v) => v === 1) && replacement.length > 0;
          const allowed = kernelLength ? ['kernel', 'input', 'stride', 'padding', 'dilation'] : [param];
          expect(allowed, `${what}: named '${o.parameter}' (${o.message})`).toContain(o.parameter);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a scalar option is absurd: PoolingError naming it when the mode uses it', () => {
    const scalars: [keyof PoolOptions, unknown[], (mode: PoolMode) => boolean][] = [
      ['mode', ['median', '', null, 3, 'MAX'], () => true],
      ['ceilMode', [1, 'true', null, NaN], () => true],
      ['countIncludePad', [0, 'false', null], () => true],
      ['returnIndices', [1, 'yes', null], () => true],
      ['accumulate', ['float16', 1, null], () => true],
      ['divisorOverride', [0, 1.5, NaN, Infinity, 2 ** 31, '2', null], (m) => m === 'avg'],
      ['p', [0, -1, NaN, -Infinity, '2', null], (m) => m === 'lp'],
    ];
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...scalars), fc.nat(), fc.constantFrom(...MODES), (c, [param, values, used], pick, mode) => {
        const value = values[pick % values.length];
        const bad = { ...validOptions(c.input.shape, c.d, mode, false), [param]: value } as PoolOptions;
        const what = `pool x=${show(c.input.shape)} ${show(bad)}`;
        const o = attempt(what, () => pool(c.input, bad));
        if (o.ok) {
          // null/undefined mean "default" for optional flags; an unused option is ignored.
          expect(!used(mode) || value === null, `${what}: accepted`).toBe(true);
          checkPoolResult(c, bad, o.value, what);
        } else {
          expect([param], `${what}: named '${o.parameter}' (${o.message})`).toContain(o.parameter);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('returnIndices with avg/sum/lp is refused naming returnIndices', () => {
    for (const mode of ['avg', 'sum', 'lp'] as const) {
      const o = attempt(mode, () => pool({ shape: [4, 4], data: new Float32Array(16) }, { mode, kernel: [2, 2], returnIndices: true }));
      expect(o.ok ? 'accepted' : o.parameter).toBe('returnIndices');
    }
  });
});

describe('shapes that are absurd', () => {
  it('outputShape over absurd input shapes: a PoolingError naming inputShape or output, or the reference formula', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(...INVALID, ...HUGE, 0)), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (shape, d, k, ceilMode) => {
          const options: PoolOptions = { mode: 'max', kernel: Array<number>(d).fill(k), ceilMode };
          const what = `outputShape(${show(shape)}, ${show(options)})`;
          const o = attempt(what, () => outputShape(shape, options));
          const legal = shape.every((v) => Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1);
          if (o.ok) {
            expect(legal, `${what}: accepted`).toBe(true);
            const spatial = shape.slice(shape.length - d);
            const { before, after } = refPads(options, spatial);
            const want = [...shape.slice(0, shape.length - d), ...spatial.map((L, i) => refOutLength(L, k, k, 1, before[i]!, after[i]!, ceilMode))];
            expect(o.value, what).toEqual(want);
          } else {
            expect(legal ? ['input', 'kernel', 'output'] : ['inputShape'], `${what}: named '${o.parameter}' (${o.message})`).toContain(o.parameter);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('outputs beyond the cell limit are refused before allocating, naming output', () => {
    const cases: [string, () => unknown][] = [
      ['outputShape [1e9, 1e9] k=1', () => outputShape([1e9, 1e9], { mode: 'max', kernel: [1, 1] })],
      ['adaptivePool to [1e9, 1e9]', () => adaptivePool({ shape: [2, 2], data: new Float32Array(4) }, [1e9, 1e9], 'avg')],
      ['adaptivePool to [2^15, 2^15] with 2 planes', () => adaptivePool({ shape: [2, 2, 2], data: new Float32Array(8) }, [2 ** 15, 2 ** 15], 'max')],
      ['unpool to [1e9, 1e9]', () => unpool({ shape: [1, 1], data: new Float32Array(1) }, new Int32Array(1), [1e9, 1e9])],
      ['unpool to [2^31 - 1]', () => unpool({ shape: [1], data: new Float32Array(1) }, new Int32Array(1), [2 ** 31 - 1])],
    ];
    for (const [what, f] of cases) {
      const o = attempt(what, f);
      expect(o.ok ? 'accepted' : o.parameter, what).toBe('output');
    }
  });

  it('a kernel of 1e9 on a 4x4 input is refused at once (no window is visited tap by tap)', () => {
    const x = { shape: [4, 4], data: new Float32Array(16) };
    const o = attempt('k=1e9', () => pool(x, { mode: 'max', kernel: [1e9, 1e9] }));
    expect(o.ok ? 'accepted' : o.parameter).toBe('kernel');
    // Auto padding grows with the kernel, so the window-extent limit (2^24 per axis) is what refuses these.
    const same = attempt('k=1e9 same', () => pool(x, { mode: 'sum', kernel: [1e9, 1e9], stride: [1, 1], padding: 'same' }));
    expect(same.ok ? 'accepted' : same.parameter).toBe('kernel');
    const pads = attempt('ONNX pads of 2^30 each side', () =>
      pool({ shape: [2], data: new Float32Array(2) }, { mode: 'max', kernel: [2 ** 30 + 1], stride: [1], padding: [[2 ** 30, 2 ** 30]] }),
    );
    expect(pads.ok ? 'accepted' : pads.parameter).toBe('kernel');
    const dilated = attempt('k=3 d=2^24 same', () => pool(x, { mode: 'max', kernel: [3, 1], dilation: [2 ** 24, 1], padding: 'same' }));
    expect(dilated.ok ? 'accepted' : dilated.parameter).toBe('dilation');
    // Just under the limit is still legal: a 2^24-wide window on 4 cells sees all of them.
    const edge = pool({ shape: [4], data: Float32Array.of(1, 2, 3, 4) }, { mode: 'sum', kernel: [2 ** 24], stride: [1], padding: 'same' });
    expect(Array.from(edge.output.data)).toEqual([10, 10, 10, 10]);
  });
});

describe('adaptive, global, fractional and unpool with absurd parameters', () => {
  it('adaptivePool: an absurd outputSize entry or length is refused naming outputSize/input/output; results equal the reference', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.nat(2),
        absurdNumber,
        fc.constantFrom('max', 'avg') as fc.Arbitrary<'max' | 'avg'>,
        fc.boolean(),
        (c, slot, absurd, mode, tooMany) => {
          const size: unknown[] = c.input.shape.slice(c.input.shape.length - c.d).map((L) => Math.max(1, L - 1));
          if (tooMany) size.push(...Array<number>(c.input.shape.length + 1 - size.length).fill(1));
          else size[slot % size.length] = absurd.v;
          const what = `adaptivePool x=${show(c.input.shape)} outputSize=${show(size)} ${mode}`;
          const o = attempt(what, () => adaptivePool(c.input, size as number[], mode));
          if (tooMany) {
            expect(o.ok ? 'accepted' : o.parameter, what).toBe('input');
            return;
          }
          // null keeps the dim and 0 gives an empty output, as torch: both legal.
          const kind = absurd.v === null ? 'zero' : absurd.kind;
          expectNamed(o, { ...absurd, kind }, 'outputSize', ['output'], what);
          if (o.ok) {
            const got = o.value as { output: NDArray };
            const want = refAdaptive(c.input, size as (number | null)[], mode);
            expect(got.output.shape, what).toEqual(want.output.shape);
            same(got.output.data, want.output.data, what);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('globalPool: absurd spatialDims or mode', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.oneof(
          absurdNumber,
          fc.integer({ min: 1, max: 6 }).map((v) => ({ v: v as unknown, kind: 'huge' as const })),
        ),
        (c, absurd) => {
          const what = `globalPool x=${show(c.input.shape)} spatialDims=${show(absurd.v)}`;
          const o = attempt(what, () => globalPool(c.input, absurd.v as number, 'max'));
          const kind = absurd.kind === 'zero' ? 'invalid' : absurd.kind;
          expectNamed(o, { ...absurd, kind }, 'spatialDims', ['input'], what);
          if (o.ok) {
            const d = absurd.v as number;
            const want = refPool(c.input, { mode: 'max', kernel: c.input.shape.slice(c.input.shape.length - d), returnIndices: true });
            same((o.value as { output: NDArray }).output.data, want.output.data, what);
          }
        },
      ),
      { numRuns: RUNS },
    );
    for (const mode of ['median', null, 7]) {
      const o = attempt(`mode ${String(mode)}`, () => globalPool({ shape: [2, 2], data: new Float32Array(4) }, 2, mode as PoolMode));
      expect(o.ok ? 'accepted' : o.parameter).toBe('mode');
    }
  });

  it('fractionalMaxPool: absurd kernel, outputSize or samples are refused naming them', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('kernel', 'outputSize', 'samples'), fc.nat(2), absurdNumber, (c, param, slot, absurd) => {
        const d = Math.min(c.d, 3);
        const spatial = c.input.shape.slice(c.input.shape.length - d);
        const kernel: unknown[] = spatial.map(() => 1);
        const size: unknown[] = spatial.map((L) => L);
        const planes = c.input.shape.slice(0, c.input.shape.length - d).reduce((a, b) => a * b, 1);
        const samples = new Float64Array(planes * d).fill(0.5);
        if (param === 'kernel') kernel[slot % d] = absurd.v;
        else if (param === 'outputSize') size[slot % d] = absurd.v;
        else samples[slot % samples.length] = typeof absurd.v === 'number' ? absurd.v : NaN;
        if (d === 3) {
          size.forEach((v, i) => {
            if (typeof v === 'number' && v === spatial[i]) size[i] = Math.max(0, v - 1);
          });
        }
        const what = `fractionalMaxPool x=${show(c.input.shape)} k=${show(kernel)} out=${show(size)} u=${show([...samples])}`;
        const o = attempt(what, () => fractionalMaxPool(c.input, kernel as number[], size as number[], samples));
        // Samples must be in [0, 1): 0 is legal there, and outputSize 0 is an empty output.
        const u = samples[slot % samples.length]!;
        const kind = param === 'samples' ? (u >= 0 && u < 1 ? 'zero' : 'invalid') : absurd.kind === 'zero' && param === 'kernel' ? 'invalid' : absurd.kind;
        expectNamed(o, { ...absurd, kind }, param, ['kernel', 'outputSize', 'output'], what);
        if (o.ok) {
          const got = o.value as { output: NDArray; indices: Int32Array };
          const want = refFractional(c.input, kernel as number[], size as number[], samples);
          same(got.output.data, want.output.data, what);
          same(got.indices, want.indices!, what);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('unpool: absurd output shape, indices of the wrong length or outside the plane', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('shape', 'indexLength', 'index', 'dims'), fc.nat(), absurdNumber, (c, what0, slot, absurd) => {
        const d = c.d;
        const values = c.input;
        const spatial = values.shape.slice(values.shape.length - d);
        const out: unknown[] = spatial.map((L) => L + 1);
        const plane = out.reduce((a: number, b) => a * (b as number), 1);
        let indices = new Int32Array(values.data.length).map((_, i) => i % plane);
        let expected = 'outputSpatialShape';
        if (what0 === 'shape') out[slot % d] = absurd.v;
        else if (what0 === 'dims') out.push(...Array<number>(values.shape.length + 1 - d).fill(1));
        else if (what0 === 'indexLength') {
          indices = new Int32Array(values.data.length + 1 + (slot % 3));
          expected = 'indices';
        } else {
          indices[slot % indices.length] = [-1, plane, 2 ** 31 - 1, -(2 ** 31)][slot % 4]!;
          expected = 'indices';
        }
        const what = `unpool x=${show(values.shape)} out=${show(out)} (${what0})`;
        const o = attempt(what, () => unpool(values, indices, out as number[]));
        if (what0 === 'shape') {
          const kind = absurd.kind === 'zero' ? 'invalid' : absurd.kind;
          // A huge plane makes every index legal; only the output size can then refuse it.
          expectNamed(o, { ...absurd, kind }, 'outputSpatialShape', ['output'], what);
          if (o.ok) same((o.value as NDArray).data, refUnpool(values, indices, out as number[]).data, what);
          return;
        }
        expect(o.ok ? 'accepted' : o.parameter, what).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('windowOf with absurd output indices', () => {
  it('an outIndex outside the output, fractional, NaN or of the wrong length is refused naming outIndex', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.nat(2),
        fc.oneof(
          absurdNumber,
          fc.integer({ min: 5, max: 9 }).map((v) => ({ v: v as unknown, kind: 'invalid' as const })),
        ),
        fc.boolean(),
        (c, slot, absurd, wrongLength) => {
          const options = validOptions(c.input.shape, c.d, 'max', false);
          const outSpatial = outputShape(c.input.shape, options).slice(c.input.shape.length - c.d);
          const index: unknown[] = outSpatial.map(() => 0);
          if (wrongLength) index.push(0);
          else index[slot % index.length] = absurd.v;
          const legal = !wrongLength && index.every((v, i) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < outSpatial[i]!);
          const what = `windowOf x=${show(c.input.shape)} ${show(options)} at ${show(index)}`;
          const o = attempt(what, () => windowOf(c.input.shape, options, index as number[]));
          if (legal) {
            if (!o.ok) throw new Error(`${what}: refused a valid index (${o.message})`);
            const w = o.value as { cells: number[][]; padding: number[][] };
            // Reference: taps o·s − pb + j·dil of every axis, in the input or in the padding.
            const spatial = c.input.shape.slice(c.input.shape.length - c.d);
            const { before } = refPads(options, spatial);
            const axes = spatial.map((L, a) => {
              const start = (index[a] as number) * options.stride![a]! - before[a]!;
              return Array.from({ length: options.kernel[a]! }, (_, j) => start + j * options.dilation![a]!).filter((t) => t >= 0 && t < L);
            });
            expect(w.cells.length, what).toBe(axes.reduce((a, b) => a * b.length, 1));
            for (const cell of w.cells) for (const [a, t] of cell.entries()) expect(axes[a], what).toContain(t);
          } else {
            expect(o.ok ? 'accepted' : o.parameter, what).toBe('outIndex');
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('windows of absurd size', () => {
  // Core defect, reported to the core's owner: windowOf / adaptiveWindowOf build the window's
  // coordinate lists without a size check, so a huge kernel on a huge (shape-only) input
  // allocates gigabytes (here refused by the tracker) instead of throwing a PoolingError; a
  // kernel of [8192, 8192] on an 8192×8192 shape builds 67M coordinate arrays and runs out of memory.
  it('windowOf with kernel 2^29 on a [2^30] shape throws a PoolingError naming kernel', () => {
    const o = attempt('windowOf([2^30], k=2^29, [0])', () => windowOf([2 ** 30], { mode: 'max', kernel: [2 ** 29] }, [0]));
    expect(o.ok ? 'accepted' : o.parameter).toBe('kernel');
  });
});
