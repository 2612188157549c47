/*
 * Compare's columns against the real frameworks: the PyTorch snippet run in torch (when
 * /usr/bin/python3 has it; the committed torch.json otherwise), the ONNX attributes as a one-node
 * model in onnxruntime, the Keras arguments as TensorFlow.js layers (TF's semantics, float32).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ort, ortSession } from './ort';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareFrameworks } from '../../src/compare/index';
import type { Column, Comparison, Framework } from '../../src/compare/index';
import { pool } from '../../src/core/index';
import type { KerasParams, NDArray, OnnxParams } from '../../src/core/index';
import { expectSame } from '../core/arbitraries';
import { FRAMEWORK_CASES } from './cases';
import type { FrameworkCase } from './cases';
import { onnxPoolModel } from './onnx-model';
import { parseRepr, runTorchSnippets, torchMissing } from './torch-runner';
import type { TorchResult } from './torch-runner';

type OkColumn = Extract<Column, { ok: true }>;

const compared: [FrameworkCase, Comparison][] = FRAMEWORK_CASES.map((c) => [c, compareFrameworks(c.input, c.options, { from: c.from })]);

function column(c: Comparison, f: Framework): OkColumn | null {
  const col = c.columns.find((k) => k.framework === f)!;
  return col.ok ? col : null;
}

const f32 = (x: NDArray): NDArray => ({ shape: x.shape, data: Float32Array.from(x.data) });

/** What the column shows, as the float32 runtimes compute it: our core on the float32 input. */
function float32Expectation(input: NDArray, col: OkColumn, accumulate: 'torch' | 'float64'): NDArray {
  const x = f32(col.reading.absInput ? { shape: input.shape, data: input.data.map(Math.abs) } : input);
  return pool(x, { ...col.reading.options, accumulate }).output;
}

/**
 * The shown column against a float32 runtime: exactly for float32 or whole-number input; a
 * float64 column of other values differs from float32 arithmetic by float32 rounding only
 * (each runtime is also checked exactly against our core on the float32 input)
 * (the Python snippets run in float64 and print the column itself).
 */
function expectShownMatches(input: NDArray, shown: NDArray, runtime: ArrayLike<number>, what: string): void {
  if (input.data instanceof Float32Array || input.data.every((v) => Number.isInteger(v))) {
    expectSame(shown.data instanceof Float32Array ? shown.data : Float32Array.from(shown.data), runtime, what);
    return;
  }
  expect(runtime.length, what).toBe(shown.data.length);
  // Sums of mixed signs cancel: the error scales with the summands, not the result.
  const scale = input.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  shown.data.forEach((v, i) => {
    expect(Math.abs(runtime[i]! - v), `${what} [${i}]`).toBeLessThanOrEqual(8 * 2 ** -24 * scale);
  });
}

describe('the done-when case: tutorial 5×5, kernel 3, stride 2, average, in the three frameworks', () => {
  const [, byPadding] = compared[0]!;
  const [, bySame] = compared[1]!;
  it('padding 1: PyTorch and ONNX divide by 9 everywhere, Keras (same) by the cells', () => {
    expect(Array.from(column(byPadding, 'pytorch')!.output.data)).toEqual([16 / 9, 33 / 9, 28 / 9, 69 / 9, 13, 87 / 9, 76 / 9, 123 / 9, 88 / 9]);
    expect(Array.from(column(byPadding, 'onnx')!.output.data)).toEqual(Array.from(column(byPadding, 'pytorch')!.output.data));
    expect(Array.from(column(byPadding, 'keras')!.output.data)).toEqual([4, 5.5, 7, 11.5, 13, 14.5, 19, 20.5, 22]);
  });
  it("'same': all three read it as the same windows, not counting padding", () => {
    for (const f of ['pytorch', 'keras', 'onnx'] as const)
      expect(Array.from(column(bySame, f)!.output.data)).toEqual([4, 5.5, 7, 11.5, 13, 14.5, 19, 20.5, 22]);
  });
});

describe('PyTorch snippets give the shown numbers in torch', () => {
  const pt = compared.map(([c, cmp]) => [c, column(cmp, 'pytorch')] as const).filter((x): x is readonly [FrameworkCase, OkColumn] => x[1] !== null);
  const fixture = JSON.parse(readFileSync('test/fixtures/compare/torch.json', 'utf8')) as { cases: ({ name: string } & TorchResult)[] };

  it('the committed torch outputs (test/fixtures/compare/torch.json, made by gen-torch-fixture.ts) equal every PyTorch column', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual(pt.map(([c]) => c.name));
    pt.forEach(([c, col], i) => {
      const want = fixture.cases[i]!;
      expect(col.output.shape, c.name).toEqual(want.shape);
      expectSame(col.output.data, want.y.map(parseRepr), c.name);
    });
  });

  const missing = torchMissing();
  if (missing !== null) console.log(`skipping the live torch run of the Compare snippets: ${missing}`);
  it.skipIf(missing !== null)(`each snippet run live in torch prints exactly the column${missing !== null ? ` (skipped: ${missing})` : ''}`, () => {
    const results = runTorchSnippets(pt.map(([, col]) => col.code));
    pt.forEach(([c, col], i) => {
      expect(col.output.shape, c.name).toEqual(results[i]!.shape);
      expectSame(col.output.data, results[i]!.y.map(parseRepr), c.name);
    });
  });
});

describe('ONNX attributes give the shown numbers in onnxruntime', () => {
  const onnxCases = compared.map(([c, cmp]) => [c, column(cmp, 'onnx')] as const).filter((x): x is readonly [FrameworkCase, OkColumn] => x[1] !== null);
  it('every case with an ONNX column has one', () => expect(onnxCases.length).toBeGreaterThanOrEqual(10));
  for (const [c, col] of onnxCases) {
    it(c.name, async () => {
      const params = (col.reading.args as { params: OnnxParams }).params;
      // The snippet states the same attributes the model gets.
      expect(col.code).toContain(`kernel_shape=[${params.kernel_shape.join(', ')}], strides=[${params.strides!.join(', ')}]`);
      if (params.auto_pad !== undefined) expect(col.code).toContain(`auto_pad='${params.auto_pad}'`);
      else expect(col.code).toContain(`pads=[${params.pads!.join(', ')}]`);
      if (params.count_include_pad !== undefined) expect(col.code).toContain(`count_include_pad=${params.count_include_pad}`);
      const spatial = c.input.shape.slice(c.input.shape.length - params.kernel_shape.length);
      const planes = c.input.data.length / spatial.reduce((a, b) => a * b, 1);
      const shape = [planes, 1, ...spatial];
      // onnxruntime's AveragePool is float32 only: run everything in float32.
      const session = await ortSession(onnxPoolModel(params, shape, 'float32'));
      const result = await session.run({ X: new ort.Tensor('float32', Float32Array.from(c.input.data), shape) });
      const y = result.Y!;
      expect(y.dims.slice(2), c.name).toEqual(col.output.shape.slice(col.output.shape.length - params.kernel_shape.length));
      const got = y.data as Float32Array;
      const want = float32Expectation(c.input, col, 'torch');
      if (params.mode === 'lp') {
        // LpPool computes the root in its own order: within 2 float32 ulps.
        want.data.forEach((v, i) => {
          expect(Math.abs(got[i]! - v), `${c.name} [${i}]`).toBeLessThanOrEqual(2 * 2 ** -23 * Math.abs(v));
        });
      } else {
        expectSame(got, want.data, `${c.name}: onnxruntime vs our float32`);
        expectShownMatches(c.input, col.output, got, `${c.name}: onnxruntime vs the shown column`);
      }
    });
  }
});

describe('Keras arguments give the shown numbers in TensorFlow.js layers', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  const kerasCases = compared.map(([c, cmp]) => [c, column(cmp, 'keras')] as const).filter((x): x is readonly [FrameworkCase, OkColumn] => x[1] !== null);
  it('every case with a Keras column has one', () => expect(kerasCases.length).toBeGreaterThanOrEqual(9));
  for (const [c, col] of kerasCases) {
    it(c.name, () => {
      const params = (col.reading.args as { params: KerasParams }).params;
      const poolSize = params.pool_size as number[];
      const strides = params.strides as number[];
      const d = poolSize.length;
      // The snippet states the same arguments the layer gets.
      expect(col.code).toContain(
        `pool_size=(${poolSize.join(', ')}${d === 1 ? ',' : ''}), strides=(${strides.join(', ')}${d === 1 ? ',' : ''}), padding='${params.padding}'`,
      );
      const spatial = c.input.shape.slice(c.input.shape.length - d);
      const planes = c.input.data.length / spatial.reduce((a, b) => a * b, 1);
      const padding = params.padding ?? 'valid';
      const max = params.mode === 'max';
      const layer =
        d === 1
          ? (max ? tfl.layers.maxPooling1d : tfl.layers.averagePooling1d)({ poolSize: poolSize[0]!, strides: strides[0]!, padding })
          : d === 2
            ? (max ? tfl.layers.maxPooling2d : tfl.layers.averagePooling2d)({
                poolSize: [poolSize[0]!, poolSize[1]!],
                strides: [strides[0]!, strides[1]!],
                padding,
              })
            : (max ? tfl.layers.maxPooling3d : tfl.layers.averagePooling3d)({
                poolSize: [poolSize[0]!, poolSize[1]!, poolSize[2]!],
                strides: [strides[0]!, strides[1]!, strides[2]!],
                padding,
              });
      const neg = col.reading.options.mode === 'min';
      const values = Float32Array.from(c.input.data, (v) => (neg ? -v : v));
      const x = tf.tensor(values, [planes, ...spatial, 1]);
      const y = layer.apply(x) as tf.Tensor;
      const got = Float32Array.from(y.dataSync(), (v) => (neg ? -v : v));
      expect(y.shape.slice(1, 1 + d), c.name).toEqual(col.output.shape.slice(col.output.shape.length - d));
      tf.dispose([x, y]);
      expectSame(got, float32Expectation(c.input, col, 'float64').data, `${c.name}: TF.js vs our float32`);
      expectShownMatches(c.input, col.output, got, `${c.name}: TF.js vs the shown column`);
    });
  }
});
