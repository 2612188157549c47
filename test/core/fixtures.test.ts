// Checks the pooling core against the PyTorch fixtures in test/fixtures/torch/ (made by
// test/fixtures/gen_torch.py; format in test/fixtures/README.md). One `it` per fixture case.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adaptivePool, fractionalMaxPool, globalPool, outputShape, pool, PoolingError, unpool, windowOf } from '../../src/core/index';
import type { NDArray, Padding, PoolMode, PoolOptions, PoolResult } from '../../src/core/types';

const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'torch');

// ------------------------------------------------------------------ fixture decoding

type Dtype = 'float32' | 'float64';

interface ArrayFixture {
  shape: number[];
  dtype: Dtype;
  data: number[];
}

interface Expected extends ArrayFixture {
  indices?: number[];
  /** float32 avg/sum: torch's float64 result rounded to float32, which the core must hit exactly. */
  accum64?: number[];
}

interface Tolerance {
  relative: number;
  absolute: number;
  reason: string;
}

interface FixtureCase {
  name: string;
  op: 'pool' | 'adaptivePool' | 'globalPool' | 'fractionalMaxPool' | 'unpool';
  input: ArrayFixture;
  options?: PoolOptions;
  args?: Record<string, unknown>;
  expected?: Expected;
  tolerance?: Tolerance;
  indicesIgnored?: Set<number>;
  error?: { parameter: string; torch: string };
}

class FixtureFormatError extends Error {}

function fail(where: string, what: string): never {
  throw new FixtureFormatError(`fixture ${where}: ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON cannot hold NaN, ±Infinity or -0: the generator writes them as strings. */
function decodeNumber(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  switch (v) {
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case '-0':
      return -0;
    default:
      return fail(where, `not a number: ${JSON.stringify(v)}`);
  }
}

function numbers(v: unknown, where: string): number[] {
  if (!Array.isArray(v)) fail(where, 'expected an array');
  return v.map((e, i) => decodeNumber(e, `${where}[${i}]`));
}

function integers(v: unknown, where: string): number[] {
  const out = numbers(v, where);
  if (!out.every(Number.isInteger)) fail(where, 'expected integers');
  return out;
}

function arrayFixture(v: unknown, where: string): ArrayFixture {
  if (!isRecord(v)) fail(where, 'expected an array object');
  const dtype = v['dtype'];
  if (dtype !== 'float32' && dtype !== 'float64') fail(where, `bad dtype ${String(dtype)}`);
  const shape = integers(v['shape'], `${where}.shape`);
  const data = numbers(v['data'], `${where}.data`);
  if (data.length !== shape.reduce((a, b) => a * b, 1)) fail(where, 'data length does not match shape');
  return { shape, dtype, data };
}

function decodePadding(v: unknown, where: string): Padding {
  if (v === 'valid' || v === 'same' || v === 'same-lower') return v;
  if (!Array.isArray(v)) fail(where, 'bad padding');
  if (v.every((e) => Array.isArray(e))) {
    return v.map((e, i) => {
      const pair = numbers(e, `${where}[${i}]`);
      if (pair.length !== 2) fail(where, 'padding pairs need two entries');
      return [pair[0]!, pair[1]!] as const;
    });
  }
  return numbers(v, where);
}

const MODES: readonly PoolMode[] = ['max', 'min', 'avg', 'sum', 'lp'];

function decodeOptions(v: unknown, where: string): PoolOptions {
  if (!isRecord(v)) fail(where, 'expected options');
  const mode = v['mode'];
  if (!MODES.includes(mode as PoolMode)) fail(where, `bad mode ${String(mode)}`);
  const options: PoolOptions = { mode: mode as PoolMode, kernel: numbers(v['kernel'], `${where}.kernel`) };
  for (const [key, value] of Object.entries(v)) {
    switch (key) {
      case 'mode':
      case 'kernel':
        break;
      case 'stride':
      case 'dilation':
        options[key] = numbers(value, `${where}.${key}`);
        break;
      case 'padding':
        options.padding = decodePadding(value, `${where}.padding`);
        break;
      case 'ceilMode':
      case 'countIncludePad':
      case 'returnIndices':
        if (typeof value !== 'boolean') fail(where, `${key} must be boolean`);
        options[key] = value;
        break;
      case 'divisorOverride':
      case 'p':
        options[key] = decodeNumber(value, `${where}.${key}`);
        break;
      default:
        fail(where, `unknown option ${key}`);
    }
  }
  return options;
}

function decodeCase(v: unknown, where: string): FixtureCase {
  if (!isRecord(v)) fail(where, 'expected a case object');
  const name = v['name'];
  const op = v['op'];
  if (typeof name !== 'string') fail(where, 'case without a name');
  const at = `${where} "${name}"`;
  if (op !== 'pool' && op !== 'adaptivePool' && op !== 'globalPool' && op !== 'fractionalMaxPool' && op !== 'unpool') {
    fail(at, `unknown op ${String(op)}`);
  }
  const c: FixtureCase = { name, op, input: arrayFixture(v['input'], `${at}.input`) };
  if (v['options'] !== undefined) c.options = decodeOptions(v['options'], `${at}.options`);
  if (v['args'] !== undefined) {
    if (!isRecord(v['args'])) fail(at, 'args must be an object');
    c.args = v['args'];
  }
  const expected = v['expected'];
  if (isRecord(expected)) {
    c.expected = arrayFixture(expected, `${at}.expected`);
    if (expected['indices'] !== undefined) c.expected.indices = integers(expected['indices'], `${at}.expected.indices`);
    if (expected['accum64'] !== undefined) c.expected.accum64 = numbers(expected['accum64'], `${at}.expected.accum64`);
  }
  const tol = v['tolerance'];
  if (isRecord(tol)) {
    const relative = tol['relative'];
    const absolute = tol['absolute'];
    const reason = tol['reason'];
    if (typeof relative !== 'number' || typeof absolute !== 'number' || typeof reason !== 'string' || reason === '') {
      fail(at, 'a tolerance needs relative, absolute and a reason');
    }
    c.tolerance = { relative, absolute, reason };
  }
  const ignored = v['indicesIgnored'];
  if (isRecord(ignored)) {
    if (typeof ignored['reason'] !== 'string' || ignored['reason'] === '') fail(at, 'indicesIgnored needs a reason');
    c.indicesIgnored = new Set(integers(ignored['positions'], `${at}.indicesIgnored.positions`));
  }
  const error = v['error'];
  if (isRecord(error)) {
    const parameter = error['parameter'];
    const torchMessage = error['torch'];
    if (typeof parameter !== 'string' || typeof torchMessage !== 'string') fail(at, 'bad error entry');
    c.error = { parameter, torch: torchMessage };
  }
  if ((c.expected === undefined) === (c.error === undefined)) fail(at, 'needs exactly one of expected and error');
  return c;
}

function loadFixtures(): { file: string; cases: FixtureCase[] }[] {
  const files = readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const doc: unknown = JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8'));
    if (!isRecord(doc) || !Array.isArray(doc['cases'])) fail(file, 'no cases array');
    return { file, cases: doc['cases'].map((c, i) => decodeCase(c, `${file}#${i}`)) };
  });
}

// ------------------------------------------------------------------ helpers

function toNDArray(a: ArrayFixture): NDArray {
  // Values are exact doubles (of the float32 value for float32), so this restores every bit.
  const data = a.dtype === 'float32' ? Float32Array.from(a.data) : Float64Array.from(a.data);
  return { shape: a.shape, data };
}

const MAX_REPORTED = 8;

/** Mismatch lines (empty when all match); NaN equals NaN, -0 differs from +0 under exact. */
function compareValues(got: ArrayLike<number>, want: readonly number[], tol?: Tolerance): string[] {
  if (got.length !== want.length) return [`length ${got.length}, expected ${want.length}`];
  const lines: string[] = [];
  let count = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    let ok: boolean;
    if (tol === undefined || !Number.isFinite(g) || !Number.isFinite(w)) ok = Object.is(g, w);
    else ok = Math.abs(g - w) <= tol.absolute + tol.relative * Math.abs(w);
    if (!ok) {
      count++;
      if (lines.length < MAX_REPORTED) lines.push(`[${i}] got ${Object.is(g, -0) ? '-0' : g}, expected ${Object.is(w, -0) ? '-0' : w}`);
    }
  }
  if (count > lines.length) lines.push(`... ${count} mismatches in all`);
  return lines;
}

function compareIndices(got: Int32Array | undefined, want: readonly number[], ignored?: Set<number>): string[] {
  if (got === undefined) return ['no indices returned'];
  if (!(got instanceof Int32Array)) return ['indices are not an Int32Array'];
  if (got.length !== want.length) return [`${got.length} indices, expected ${want.length}`];
  const lines: string[] = [];
  let count = 0;
  for (let i = 0; i < want.length; i++) {
    if (ignored?.has(i)) continue;
    if (got[i] !== want[i]) {
      count++;
      if (lines.length < MAX_REPORTED) lines.push(`index [${i}] got ${got[i]}, expected ${want[i]}`);
    }
  }
  if (count > lines.length) lines.push(`... ${count} index mismatches in all`);
  return lines;
}

function checkArray(got: NDArray, c: FixtureCase, expected: Expected): void {
  expect([...got.shape]).toEqual(expected.shape);
  expect(got.data).toBeInstanceOf(expected.dtype === 'float32' ? Float32Array : Float64Array);
  expect(compareValues(got.data, expected.data, c.tolerance)).toEqual([]);
  if (expected.accum64 !== undefined) {
    expect(compareValues(got.data, expected.accum64)).toEqual([]);
  }
}

function checkResult(result: PoolResult, c: FixtureCase, expected: Expected, indicesRequired: boolean): void {
  checkArray(result.output, c, expected);
  if (expected.indices !== undefined && (indicesRequired || result.indices !== undefined)) {
    expect(compareIndices(result.indices, expected.indices, c.indicesIgnored)).toEqual([]);
  }
}

function arg<T>(c: FixtureCase, key: string, guard: (v: unknown) => v is T): T {
  const v = c.args?.[key];
  if (!guard(v)) throw new FixtureFormatError(`case "${c.name}": bad or missing args.${key}`);
  return v;
}

const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isMaxAvg = (v: unknown): v is 'max' | 'avg' => v === 'max' || v === 'avg';
const isMode = (v: unknown): v is PoolMode => MODES.includes(v as PoolMode);

function options(c: FixtureCase): PoolOptions {
  if (c.options === undefined) throw new FixtureFormatError(`case "${c.name}": no options`);
  return c.options;
}

function adaptiveOutputSize(c: FixtureCase): (number | null)[] {
  return arg(c, 'outputSize', isArray).map((v, i) => (v === null ? null : decodeNumber(v, `${c.name} outputSize[${i}]`)));
}

/** Runs the case's operation on the core. */
function run(c: FixtureCase): PoolResult {
  const input = toNDArray(c.input);
  switch (c.op) {
    case 'pool':
      return pool(input, options(c));
    case 'adaptivePool': {
      const returnIndices = c.args?.['returnIndices'];
      const opts = typeof returnIndices === 'boolean' ? { returnIndices } : undefined;
      return adaptivePool(input, adaptiveOutputSize(c), arg(c, 'mode', isMaxAvg), opts);
    }
    case 'globalPool':
      return globalPool(input, arg(c, 'spatialDims', isNumber), arg(c, 'mode', isMode));
    case 'fractionalMaxPool':
      return fractionalMaxPool(
        input,
        integers(arg(c, 'kernel', isArray), `${c.name} kernel`),
        integers(arg(c, 'outputSize', isArray), `${c.name} outputSize`),
        Float64Array.from(numbers(arg(c, 'samples', isArray), `${c.name} samples`)),
      );
    case 'unpool': {
      const indices = Int32Array.from(integers(arg(c, 'indices', isArray), `${c.name} indices`));
      const shape = integers(arg(c, 'outputSpatialShape', isArray), `${c.name} outputSpatialShape`);
      return { output: unpool(input, indices, shape) };
    }
  }
}

function unravel(flat: number, dims: readonly number[]): number[] {
  const out = new Array<number>(dims.length);
  for (let i = dims.length - 1; i >= 0; i--) {
    out[i] = flat % (dims[i] as number);
    flat = Math.floor(flat / (dims[i] as number));
  }
  return out;
}

function ravel(coords: readonly number[], dims: readonly number[]): number {
  return coords.reduce((acc, v, i) => acc * (dims[i] as number) + v, 0);
}

const WINDOWS_CHECKED = 200;

/**
 * windowOf against torch, on the first plane's first outputs: a max/min index lies in its
 * window's cells (and a window torch filled from padding alone has none); a float64 sum is the
 * window's cells added in order, an avg that sum over cells (+ padding with countIncludePad).
 */
function windowMismatches(c: FixtureCase, expected: Expected): string[] {
  const opts = options(c);
  const d = opts.kernel.length;
  const inShape = c.input.shape;
  const inSpatial = inShape.slice(inShape.length - d);
  const outSpatial = expected.shape.slice(expected.shape.length - d);
  const n = Math.min(
    WINDOWS_CHECKED,
    outSpatial.reduce((a, b) => a * b, 1),
  );
  if (inShape.slice(0, inShape.length - d).some((v) => v === 0)) return [];
  const lines: string[] = [];
  for (let o = 0; o < n && lines.length < MAX_REPORTED; o++) {
    const window = windowOf(inShape, opts, unravel(o, outSpatial));
    const cellSet = new Set(window.cells.map((cell) => ravel(cell, inSpatial)));
    if ((opts.mode === 'max' || opts.mode === 'min') && expected.indices !== undefined) {
      if (c.indicesIgnored?.has(o)) {
        if (window.cells.length !== 0) lines.push(`output ${o}: torch saw only padding, windowOf has cells`);
      } else if (!cellSet.has(expected.indices[o] as number)) {
        lines.push(`output ${o}: index ${expected.indices[o]} not among windowOf cells`);
      }
    } else if ((opts.mode === 'sum' || opts.mode === 'avg') && c.input.dtype === 'float64') {
      let sum = 0;
      for (const cell of window.cells) sum += c.input.data[ravel(cell, inSpatial)] as number;
      let value = sum;
      if (opts.mode === 'avg') {
        const divisor = opts.divisorOverride ?? (opts.countIncludePad === false ? window.cells.length : window.cells.length + window.padding.length);
        value = sum / divisor;
      }
      if (!Object.is(value, expected.data[o])) lines.push(`output ${o}: window gives ${value}, torch ${expected.data[o]}`);
    }
  }
  return lines;
}

function runCase(c: FixtureCase): void {
  if (c.error !== undefined) {
    let thrown: unknown;
    try {
      run(c);
    } catch (e) {
      thrown = e;
    }
    expect(thrown, `torch raised "${c.error.torch}"; the core must throw a PoolingError`).toBeInstanceOf(PoolingError);
    const err = thrown as PoolingError;
    expect(err.parameter).toBe(c.error.parameter);
    expect(err.message.length).toBeGreaterThan(0);
    return;
  }
  const expected = c.expected as Expected;
  const result = run(c);
  const indicesRequired =
    c.op === 'fractionalMaxPool' || (c.op === 'pool' && options(c).returnIndices === true) || (c.op === 'adaptivePool' && c.args?.['returnIndices'] === true);
  checkResult(result, c, expected, indicesRequired);
  if (c.op === 'pool') {
    expect(outputShape(c.input.shape, options(c))).toEqual(expected.shape);
    expect(windowMismatches(c, expected)).toEqual([]);
  }
}

// ------------------------------------------------------------------ the tests

const fixtures = loadFixtures();

describe('torch fixtures', () => {
  it('are present and named uniquely', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    for (const { file, cases } of fixtures) {
      expect(cases.length, file).toBeGreaterThan(0);
      expect(new Set(cases.map((c) => c.name)).size, file).toBe(cases.length);
    }
  });
});

for (const { file, cases } of fixtures) {
  describe(file, () => {
    for (const c of cases) {
      it(c.name, () => runCase(c));
    }
  });
}
