// Compare: each framework's reading, its output, the cells that differ and why.
import { describe, expect, it } from 'vitest';
import { compareFrameworks, readAs } from '../../src/compare/index';
import type { Column, Comparison, Framework } from '../../src/compare/index';
import { pool, PoolingError } from '../../src/core/index';
import type { NDArray, PoolOptions } from '../../src/core/index';

const ramp = (shape: number[]): NDArray => ({
  shape,
  data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1),
});
const tutorial = ramp([5, 5]);

function col(c: Comparison, f: Framework): Extract<Column, { ok: true }> {
  const found = c.columns.find((x) => x.framework === f);
  if (found === undefined || !found.ok) throw new Error(`${f} column not ok: ${found !== undefined && !found.ok ? found.reason : 'missing'}`);
  return found;
}

describe('tutorial 5×5, kernel 3, stride 2, average', () => {
  it('padding 1 (PyTorch): ONNX carries count_include_pad, Keras divides edge and corner windows by the cells only', () => {
    const c = compareFrameworks(tutorial, { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] });
    expect(c.baseline).toBe('pytorch');
    expect(col(c, 'pytorch').reading.call).toBe('nn.AvgPool2d(kernel_size=3, stride=2, padding=1, count_include_pad=True)');
    expect(col(c, 'keras').reading.call).toBe("layers.AveragePooling2D(pool_size=3, strides=2, padding='same')");
    expect(col(c, 'onnx').reading.call).toBe('AveragePool(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1)');
    expect(Array.from(col(c, 'pytorch').output.data)).toEqual([16 / 9, 33 / 9, 28 / 9, 69 / 9, 13, 87 / 9, 76 / 9, 123 / 9, 88 / 9]);
    expect(Array.from(col(c, 'keras').output.data)).toEqual([4, 5.5, 7, 11.5, 13, 14.5, 19, 20.5, 22]);
    expect(Array.from(col(c, 'onnx').output.data)).toEqual(Array.from(col(c, 'pytorch').output.data));
    // Every cell but the centre differs between PyTorch and Keras; ONNX agrees with PyTorch.
    expect(c.differenceCount).toBe(8);
    expect(c.differences.map((d) => d.index)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 2],
      [2, 0],
      [2, 1],
      [2, 2],
    ]);
    const corner = c.differences[0]!;
    expect(corner.values).toEqual({ pytorch: 16 / 9, keras: 4, onnx: 16 / 9 });
    expect(corner.reasons).toEqual(['corner window: PyTorch divides by 9 (count_include_pad=True), Keras by 4 (padding never counts)']);
    expect(c.differences[1]!.reasons).toEqual(['edge window: PyTorch divides by 9 (count_include_pad=True), Keras by 6 (padding never counts)']);
    expect(c.reasons).toEqual([
      { text: 'corner window: PyTorch divides by 9 (count_include_pad=True), Keras by 4 (padding never counts)', cells: 4 },
      { text: 'edge window: PyTorch divides by 9 (count_include_pad=True), Keras by 6 (padding never counts)', cells: 4 },
    ]);
    expect(col(c, 'keras').reading.notes).toContain('Keras average pooling never counts padded cells');
    expect(col(c, 'onnx').reading.notes).toContain('count_include_pad=1 must be written: ONNX defaults to 0');
  });

  it("'same' (Keras): PyTorch reads padding=1 with count_include_pad=False and all three agree", () => {
    const c = compareFrameworks(tutorial, { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: 'same' }, { from: 'keras' });
    expect(c.baseline).toBe('keras');
    expect(col(c, 'pytorch').reading.call).toBe('nn.AvgPool2d(kernel_size=3, stride=2, padding=1, count_include_pad=False)');
    expect(col(c, 'pytorch').reading.notes[0]).toMatch(/count_include_pad=False must be written/);
    expect(col(c, 'onnx').reading.call).toBe("AveragePool(kernel_shape=[3, 3], strides=[2, 2], auto_pad='SAME_UPPER', count_include_pad=0)");
    expect(c.differenceCount).toBe(0);
    for (const f of ['pytorch', 'keras', 'onnx'] as const) expect(Array.from(col(c, f).output.data)).toEqual([4, 5.5, 7, 11.5, 13, 14.5, 19, 20.5, 22]);
  });
});

describe('differences explained where they arise', () => {
  it("Keras 'same' on an even size pads 0 on top and 1 at the bottom; PyTorch padding=1 pads both sides", () => {
    const c = compareFrameworks(ramp([4, 4]), { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: 'same' }, { from: 'keras' });
    expect(col(c, 'pytorch').reading.notes).toEqual(["PyTorch has no padding='same': padding=1 on both sides is the nearest"]);
    expect(Array.from(col(c, 'pytorch').output.data)).toEqual([6, 8, 14, 16]);
    expect(Array.from(col(c, 'keras').output.data)).toEqual([11, 12, 15, 16]);
    const first = c.differences.find((d) => d.index.join() === '0,0')!;
    expect(first.reasons).toEqual([
      "PyTorch padding=1 pads 1 on both sides; Keras padding='same' pads 0 on top and 1 at the bottom here: this window covers input rows -1 to 1 in PyTorch, 0 to 2 in Keras (negative or past the end: padding)",
      "PyTorch padding=1 pads 1 on both sides; Keras padding='same' pads 0 on the left and 1 on the right here: this window covers input columns -1 to 1 in PyTorch, 0 to 2 in Keras (negative or past the end: padding)",
    ]);
    // The cell whose windows differ but whose maxima agree is not a difference.
    expect(c.differences.map((d) => d.index)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it('corner window: PyTorch divides by 4 (count_include_pad=True), Keras by 1', () => {
    const c = compareFrameworks(ramp([3, 3]), { mode: 'avg', kernel: [2, 2], padding: [1, 1] });
    const last = c.differences.find((d) => d.index.join() === '1,1')!;
    expect(last.values).toEqual({ pytorch: (5 + 6 + 8 + 9) / 4, keras: 9, onnx: (5 + 6 + 8 + 9) / 4 });
    expect(last.reasons).toContain('corner window: PyTorch divides by 4 (count_include_pad=True), Keras by 1 (padding never counts)');
  });

  it('an output only one framework has: the sizes, with their formulas', () => {
    // k2 s1 'same' on 5: Keras keeps 5; the nearest PyTorch padding (1 each side) gives 6.
    const c = compareFrameworks(ramp([5]), { mode: 'max', kernel: [2], stride: [1], padding: 'same' }, { from: 'keras' });
    expect(col(c, 'pytorch').output.shape).toEqual([6]);
    expect(col(c, 'keras').output.shape).toEqual([5]);
    const extra = c.differences.find((d) => d.index[0] === 5)!;
    expect(extra.values).toEqual({ pytorch: 5, keras: null, onnx: null });
    expect(extra.reasons).toEqual([
      'Keras has no output here: Keras gives 5 positions (ceil(5 / 1) = 5), PyTorch 6 (floor((5 + 1 + 1 − 1·(2 − 1) − 1) / 1) + 1 = 6)',
    ]);
  });

  it("ceil mode: Keras reads it as padding='same' and says so; where the windows agree the values do", () => {
    const c = compareFrameworks(ramp([5, 5]), { mode: 'max', kernel: [2, 2], ceilMode: true });
    expect(col(c, 'keras').reading.notes).toContain("Keras has no ceil_mode: padding='same' keeps the last partial window");
    expect(c.differenceCount).toBe(0);
    expect(Array.from(col(c, 'keras').output.data)).toEqual([7, 9, 10, 17, 19, 20, 22, 24, 25]);
    const valid = compareFrameworks(ramp([5, 5]), { mode: 'max', kernel: [2, 2], ceilMode: true, padding: 'valid' });
    expect(col(valid, 'keras').reading.call).toBe("layers.MaxPooling2D(pool_size=2, strides=2, padding='same')");
  });

  it('LP pooling: ONNX takes |x|, which shows where the window holds negative values', () => {
    const x: NDArray = { shape: [6], data: Float64Array.from([1, -2, 3, 4, -5, -6]) };
    const c = compareFrameworks(x, { mode: 'lp', kernel: [2], p: 1 });
    expect(c.columns.find((k) => k.framework === 'keras')).toMatchObject({
      ok: false,
      reason: 'Keras cannot express LP pooling (it has max and average pooling layers)',
    });
    expect(Array.from(col(c, 'pytorch').output.data)).toEqual([-1, 7, -11]);
    expect(Array.from(col(c, 'onnx').output.data)).toEqual([3, 7, 11]);
    expect(c.differences.map((d) => d.index[0])).toEqual([0, 2]);
    expect(c.differences[0]!.reasons[0]).toMatch(/^ONNX LpPool takes \|x\|/);
  });

  it('leading dims are compared plane by plane and indexed in full', () => {
    const c = compareFrameworks(ramp([2, 3, 3]), { mode: 'avg', kernel: [2, 2], padding: [1, 1] });
    expect(c.differenceCount).toBe(8);
    expect(c.differences.filter((d) => d.index[0] === 1).length).toBe(4);
    expect(c.differences[0]!.index).toHaveLength(3);
  });

  it('maxCells lists the first cells and still counts them all', () => {
    const c = compareFrameworks(ramp([5, 5]), { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] }, { maxCells: 3 });
    expect(c.differences).toHaveLength(3);
    expect(c.differenceCount).toBe(8);
  });
});

describe('settings a framework cannot express say so in place of the output', () => {
  it('avg with dilation: PyTorch and Keras cannot, ONNX can', () => {
    const c = compareFrameworks(ramp([6, 6]), { mode: 'avg', kernel: [2, 2], stride: [1, 1], dilation: [2, 2] });
    expect(c.columns.map((k) => (k.ok ? 'ok' : k.reason))).toEqual([
      'PyTorch cannot express dilation for avg pooling',
      'Keras cannot express dilation in pooling layers',
      'ok',
    ]);
    expect(c.baseline).toBe('onnx');
    expect(c.differenceCount).toBe(0);
  });
  it('sum: PyTorch via divisor_override=1, Keras and ONNX cannot', () => {
    const c = compareFrameworks(ramp([4, 4]), { mode: 'sum', kernel: [2, 2] });
    expect(col(c, 'pytorch').reading.call).toBe('nn.AvgPool2d(kernel_size=2, stride=2, padding=0, count_include_pad=True, divisor_override=1)');
    expect(c.columns.filter((k) => !k.ok).map((k) => k.framework)).toEqual(['keras', 'onnx']);
  });
  it('min: PyTorch and Keras as −max(−x), ONNX cannot in one node', () => {
    const c = compareFrameworks(ramp([4, 4]), { mode: 'min', kernel: [2, 2] });
    expect(col(c, 'pytorch').reading.call).toBe('-nn.MaxPool2d(kernel_size=2, stride=2, padding=0)(-x)');
    expect(Array.from(col(c, 'keras').output.data)).toEqual([1, 3, 9, 11]);
    expect(c.columns[2]).toMatchObject({ ok: false });
  });
  it("invalid parameters are the caller's PoolingError, not a column", () => {
    expect(() => compareFrameworks(tutorial, { mode: 'avg', kernel: [6, 6] })).toThrow(PoolingError);
  });
});

describe('snippets and float32', () => {
  it("snippets write the input values exactly and the reading's arguments", () => {
    const x: NDArray = { shape: [1, 4], data: Float64Array.from([0.1, -0, NaN, 1e-300]) };
    const c = compareFrameworks(x, { mode: 'max', kernel: [2] });
    const code = col(c, 'pytorch').code;
    expect(code).toContain("x = torch.tensor([0.1, -0.0, float('nan'), 1e-300], dtype=torch.float64).reshape((1, 4))");
    expect(col(c, 'keras').code).toContain("tf.keras.layers.MaxPooling1D(pool_size=(2,), strides=(2,), padding='valid', dtype='float64')");
    expect(col(c, 'onnx').code).toContain('kernel_shape=[2], strides=[2], pads=[0, 0]');
  });
  it('large inputs load an .npy instead', () => {
    const c = compareFrameworks(ramp([80, 80]), { mode: 'max', kernel: [2, 2] }, { npyPath: 'image.npy' });
    expect(col(c, 'pytorch').code).toContain('x = torch.from_numpy(np.load("image.npy").astype(np.float64).reshape((80, 80)))');
  });
  it('float32 input: the PyTorch and ONNX columns sum in float32 as they do, Keras (TF.js) rounds once', () => {
    const data = Float32Array.from({ length: 36 }, (_, i) => Math.fround(Math.sin(i) * 1000 + 0.1));
    const x: NDArray = { shape: [6, 6], data };
    const options: PoolOptions = { mode: 'avg', kernel: [3, 3], stride: [1, 1], padding: [1, 1] };
    const r = readAs('pytorch', x.shape, options, true);
    expect(r.ok && r.reading.options.accumulate).toBe('torch');
    const c = compareFrameworks(x, options);
    expect(Array.from(col(c, 'pytorch').output.data)).toEqual(Array.from(pool(x, { ...options, accumulate: 'torch' }).output.data));
    expect(col(c, 'pytorch').code).toContain('dtype=torch.float32');
    expect(col(c, 'keras').code).toContain("dtype='float32'");
  });
});
