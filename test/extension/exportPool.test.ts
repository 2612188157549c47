import { describe, expect, it } from 'vitest';
import { PoolingError } from '../../src/core';
import { readArrays } from '../../src/io';
import type { NDArray } from '../../src/core/types';
import type { PoolRequest } from '../../src/protocol';
import { computeExport, defaultExportName, encodeExport, spatialLastPermutation, toPoolOptions } from '../../src/extension/panel/exportPool';
import fixtures from './fixtures/export.json';

function request(over: Partial<PoolRequest>): PoolRequest {
  return {
    spatialAxes: [0, 1],
    kind: 'window',
    mode: 'max',
    kernel: [2, 2],
    stride: null,
    padding: [0, 0],
    dilation: [1, 1],
    ceilMode: false,
    countIncludePad: true,
    divisorOverride: null,
    p: 2,
    outputSize: [],
    ...over,
  };
}

function arrayOf(shape: number[], data: number[], dtype = 'float64'): NDArray {
  return { shape, data: dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data) };
}

describe('computeExport against PyTorch (spatial axes moved last, every leading index pooled, moved back)', () => {
  it.each(fixtures.cases)('$name', (c) => {
    const input = arrayOf(c.input.shape, c.input.data, c.input.dtype);
    const result = computeExport(input, c.request as PoolRequest);
    expect(result.output.shape).toEqual(c.output.shape);
    expect(result.pooled.shape).toEqual(c.pooled.shape);
    expect(result.output.data.length).toBe(c.output.data.length);
    expect(result.output.data).toBeInstanceOf(c.input.dtype === 'float32' ? Float32Array : Float64Array);
    const got = Array.from(result.output.data);
    if (c.request.mode === 'max') {
      expect(got).toEqual(c.output.data);
    } else {
      const tol = c.input.dtype === 'float32' ? 1e-6 : 1e-12;
      for (const [i, v] of got.entries()) expect(Math.abs(v - c.output.data[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(c.output.data[i]!)));
    }
  });

  it('5x5 1..25 with k=2 s=2 gives 7, 9, 17, 19', () => {
    const x = arrayOf(
      [5, 5],
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    expect(Array.from(computeExport(x, request({})).output.data)).toEqual([7, 9, 17, 19]);
  });
});

describe('computeExport rejects bad requests with a PoolingError naming the parameter', () => {
  const x = arrayOf(
    [4, 4],
    Array.from({ length: 16 }, (_, i) => i),
  );
  it.each([
    { what: 'an axis beyond the array', req: request({ spatialAxes: [2] }), parameter: 'spatialAxes' },
    { what: 'descending axes', req: request({ spatialAxes: [1, 0] }), parameter: 'spatialAxes' },
    { what: 'a repeated axis', req: request({ spatialAxes: [0, 0] }), parameter: 'spatialAxes' },
    { what: 'a kernel of the wrong length', req: request({ kernel: [2] }), parameter: 'kernel' },
    { what: 'adaptive sum', req: request({ kind: 'adaptive', mode: 'sum', outputSize: [2, 2] }), parameter: 'mode' },
    { what: 'an outputSize of the wrong length', req: request({ kind: 'adaptive', mode: 'avg', outputSize: [2] }), parameter: 'outputSize' },
    { what: 'a zero kernel (core check)', req: request({ kernel: [0, 2] }), parameter: 'kernel' },
    { what: 'padding over half the kernel (core check)', req: request({ kernel: [3, 3], padding: [2, 2] }), parameter: 'padding' },
  ])('$what names $parameter', ({ req, parameter }) => {
    try {
      computeExport(x, req);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(PoolingError);
      expect((e as PoolingError).parameter).toBe(parameter);
    }
  });

  it('spatialLastPermutation keeps the other axes in order', () => {
    expect(spatialLastPermutation(4, [1, 3])).toEqual([0, 2, 1, 3]);
    expect(spatialLastPermutation(3, [0, 1])).toEqual([2, 0, 1]);
  });

  it('a null stride or divisor is left to the core defaults', () => {
    const o = toPoolOptions(request({}));
    expect('stride' in o).toBe(false);
    expect('divisorOverride' in o).toBe(false);
    expect(toPoolOptions(request({ mode: 'avg', stride: [1, 1], divisorOverride: 3 }))).toMatchObject({ stride: [1, 1], divisorOverride: 3 });
  });
});

describe('encodeExport', () => {
  const x5 = arrayOf(
    [5, 5],
    Array.from({ length: 25 }, (_, i) => i + 1),
  );

  it('npy round-trips through the reader', async () => {
    const bytes = encodeExport(computeExport(x5, request({})), 'npy');
    const [a] = await readArrays(bytes, 'out.npy');
    expect(a!.array.shape).toEqual([2, 2]);
    expect(Array.from(a!.array.data)).toEqual([7, 9, 17, 19]);
  });

  it('csv writes the 2-D output; size-1 axes are squeezed for higher dims', async () => {
    const text = new TextDecoder().decode(encodeExport(computeExport(x5, request({})), 'csv'));
    const [a] = await readArrays(new TextEncoder().encode(text), 'out.csv');
    expect(Array.from(a!.array.data)).toEqual([7, 9, 17, 19]);
    const x4 = arrayOf(
      [1, 1, 4, 4],
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    const csv = new TextDecoder().decode(encodeExport(computeExport(x4, request({ spatialAxes: [2, 3] })), 'csv'));
    const [b] = await readArrays(new TextEncoder().encode(csv), 'out.csv');
    expect(b!.array.shape).toEqual([2, 2]);
    expect(Array.from(b!.array.data)).toEqual([6, 8, 14, 16]);
  });

  it('csv refuses 3-D output and suggests .npy', () => {
    const x = arrayOf(
      [2, 4, 4],
      Array.from({ length: 32 }, (_, i) => i),
    );
    expect(() => encodeExport(computeExport(x, request({ spatialAxes: [1, 2] })), 'csv')).toThrow(/CSV holds 1-D or 2-D.*\[2, 2, 2\].*\.npy/);
  });

  it('png of channels-last data is an RGB picture of the pooled output', async () => {
    const c = fixtures.cases.find((k) => k.name === 'HWC max k2 s2')!;
    const result = computeExport(arrayOf(c.input.shape, c.input.data), c.request as PoolRequest);
    const bytes = encodeExport(result, 'png', [0, 255]);
    const [img] = await readArrays(bytes, 'out.png');
    expect(img!.image?.channels).toBe(3);
    expect(img!.array.shape).toEqual(c.pooled.shape);
    expect(Array.from(img!.array.data)).toEqual(c.pooled.data);
  });

  it('png refuses 1-D pooling and too many channels', () => {
    const x = arrayOf(
      [3, 8],
      Array.from({ length: 24 }, (_, i) => i),
    );
    expect(() => encodeExport(computeExport(x, request({ spatialAxes: [1], kernel: [2], padding: [0], dilation: [1] })), 'png')).toThrow(
      /PNG needs 2 spatial axes/,
    );
    const y = arrayOf(
      [5, 4, 4],
      Array.from({ length: 80 }, (_, i) => i),
    );
    expect(() => encodeExport(computeExport(y, request({ spatialAxes: [1, 2] })), 'png')).toThrow(/1, 3 or 4 channels.*\[5, 2, 2\]/);
  });
});

describe('defaultExportName', () => {
  it('is <stem>.pooled.<ext>, with the npz member when there are several', () => {
    expect(defaultExportName('a.csv', 'npy')).toBe('a.pooled.npy');
    expect(defaultExportName('photo.v2.png', 'png')).toBe('photo.v2.pooled.png');
    expect(defaultExportName('noext', 'csv')).toBe('noext.pooled.csv');
    expect(defaultExportName('w.npz', 'npy', 'layer/1 weights')).toBe('w.layer_1_weights.pooled.npy');
  });
});
