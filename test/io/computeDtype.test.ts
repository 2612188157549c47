// One rule for the dtype arrays are pooled in, whatever they come from: float32 when every
// value of the input's dtype is exact in float32, float64 otherwise; and the storage every
// source hands over agrees with it (the panel labels the output by its storage).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readArraysSync } from '../../src/io';
import { COMPUTE_DTYPE_RULE, computeDtype } from '../../src/io/computeDtype';
import { literalArray, literalDtype } from '../../src/io/literal/dtype';
import { tutorialArray } from '../../src/extension/tutorial/tutorial';

const root = path.resolve(__dirname, '../..');
const storage = (data: Float32Array | Float64Array) => (data instanceof Float32Array ? 'float32' : 'float64');

describe('computeDtype', () => {
  it('is float32 exactly for the dtypes whose values are all exact in float32', () => {
    for (const d of ['bool', 'int8', 'uint8', 'int16', 'uint16', 'float16', 'float32']) expect(computeDtype(d)).toBe('float32');
    for (const d of ['int32', 'uint32', 'int64', 'uint64', 'float64', 'unknown']) expect(computeDtype(d)).toBe('float64');
    expect(COMPUTE_DTYPE_RULE).toMatch(/float32 when every input value is exact/);
  });

  it('every source stores its values as the rule says: images, .npy, .npz, text, JSON, the tutorial', () => {
    const files = ['photo.jpg', 'tutorial-224.png', 'feature-maps.npy', 'layers.npz', 'tutorial-5x5.csv', 'grid.txt', 'nested.json', 'readings.tsv'];
    const seen = new Set<string>();
    for (const f of files) {
      for (const a of readArraysSync(readFileSync(path.join(root, 'samples', f)), f)) {
        expect(storage(a.array.data), `${f} ${a.name} (${a.dtype})`).toBe(computeDtype(a.dtype));
        seen.add(a.dtype);
      }
    }
    expect([...seen]).toContain('uint8');
    const t = tutorialArray();
    expect(t.dtype).toBe('int64');
    expect(storage(t.array.data)).toBe(computeDtype(t.dtype));
  });
});

describe('literalDtype', () => {
  it('is the dtype named in the literal, or what NumPy / PyTorch / JS would make of it', () => {
    expect(literalDtype('np.array([[1, 2], [3, 4]])', 'python')).toBe('int64');
    expect(literalDtype('[[1, 2], [3, 4]]', 'python')).toBe('int64');
    expect(literalDtype('[[1.0, 2], [3, 4]]', 'python')).toBe('float64');
    expect(literalDtype('np.array([1, 2e3])', 'python')).toBe('float64');
    expect(literalDtype('np.array([[1, 2]], dtype=np.float32)', 'python')).toBe('float32');
    expect(literalDtype("np.array([1, 2], dtype='uint8')", 'python')).toBe('uint8');
    expect(literalDtype('torch.tensor([0.5, 1.5])', 'python')).toBe('float32');
    expect(literalDtype('torch.tensor([1, 2])', 'python')).toBe('int64');
    expect(literalDtype('torch.tensor([1, 2], dtype=torch.double)', 'python')).toBe('float64');
    expect(literalDtype('tf.constant([1, 2])', 'python')).toBe('int32');
    expect(literalDtype('new Float32Array([1, 2, 3])', 'typescript')).toBe('float32');
    expect(literalDtype('new Uint8Array([1, 2, 3])', 'javascript')).toBe('uint8');
    expect(literalDtype('[[1, 2], [3, 4]]', 'typescript')).toBe('float64');
    // A printed list of NumPy 2 scalars: the scalars' type, as np.array of them gives.
    expect(literalDtype('[np.float32(0.5), np.float32(1.5)]', 'python')).toBe('float32');
    expect(literalDtype('[np.float64(0.5488135039273248), np.float64(nan)]', 'python')).toBe('float64');
    expect(literalDtype('[np.uint8(3), np.uint8(255)]', 'python')).toBe('uint8');
  });

  it('stores the values by the rule: float32 literals are rounded as astype(np.float32) does', () => {
    const a = { shape: [2], data: Float64Array.from([0.1, 3]) };
    const f32 = literalArray(a, 'float32');
    expect(f32.data).toBeInstanceOf(Float32Array);
    expect(f32.data[0]).toBe(Math.fround(0.1));
    expect(literalArray(a, 'int64').data).toBeInstanceOf(Float64Array);
    expect(literalArray(a, 'uint8').data).toBeInstanceOf(Float32Array);
  });
});

describe('literalDtype over a source in parts', () => {
  it('gives what the joined source gives, wherever the parts are cut at line breaks', () => {
    const token = fc.constantFrom(
      'np.array(',
      'torch.tensor',
      'tf.constant',
      '(',
      ')',
      '[',
      ']',
      '1',
      '2.5',
      '3e4',
      ', ',
      ' ',
      '\n',
      '\n  ',
      'dtype=np.float32',
      'dtype=torch.int8',
      'torch.half',
      'new Uint8Array(',
      'nan',
      '# float16\n',
      'tf.',
      'xfloat32',
    );
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 40 }),
        fc.array(fc.boolean(), { maxLength: 12 }),
        fc.constantFrom('python', 'typescript'),
        (tokens, cuts, lang) => {
          const source = tokens.join('');
          const parts: string[] = [];
          let from = 0;
          let k = 0;
          for (let i = 0; i < source.length; i++) {
            if (source[i] === '\n' && (cuts[k++ % Math.max(cuts.length, 1)] ?? true)) {
              parts.push(source.slice(from, i + 1));
              from = i + 1;
            }
          }
          parts.push(source.slice(from));
          expect(literalDtype(parts, lang)).toBe(literalDtype(source, lang));
        },
      ),
      { numRuns: 2000 },
    );
    expect(literalDtype(['torch.tensor  \n', '\n', '  ([1.5, 2])'], 'python')).toBe('float32');
  });
});
