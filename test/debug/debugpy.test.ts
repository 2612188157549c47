/**
 * readDebugArray against the real debugpy (Debian python3-debugpy, installed by .ci/run):
 * the adapter is driven exactly as VS Code drives it, every value kind and layout is read and
 * compared with numpy.asarray(value) computed by the debuggee itself, to the bit.
 * torch / PIL cases run when the debuggee's Python has them and print why they skip otherwise.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, DebugReadError, inspectDebugValue, listDebugArrays, readDebugArray } from '../../src/debug';
import type { DebugLoadedArray } from '../../src/debug';
import { debugpyAvailable, launchPaused, PYTHON } from './dapClient';
import type { PausedSession } from './dapClient';

const programs = fileURLToPath(new URL('./programs/', import.meta.url));
const ARRAYS = `${programs}arrays.py`;
const NONUMPY = `${programs}nonumpy.py`;
const RECORDING = fileURLToPath(new URL('../vscode/suite/fixtures/debugpy-recording.json', import.meta.url));

function breakLine(file: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('# BREAK')) + 1
  );
}

function hasModule(name: string): true | string {
  const r = spawnSync(PYTHON, ['-c', `import ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? true : `${name} is not installed for ${PYTHON}: ${(r.stderr || '').trim().split('\n').pop()}`;
}

const debugpy = await debugpyAvailable();
const torch = debugpy === true ? hasModule('torch') : debugpy;
const pil = debugpy === true ? hasModule('PIL') : debugpy;
if (debugpy !== true) console.warn(`[skip] debugpy tests: ${debugpy}`);
if (torch !== true) console.warn(`[skip] torch cases: ${torch}`);
if (pil !== true) console.warn(`[skip] PIL cases: ${pil}`);

/** The values numpy.asarray gives, as float64 bytes made by the debuggee with its own numpy. */
async function expected(s: PausedSession, valueExpr: string): Promise<{ shape: number[]; values: Float64Array }> {
  const text = await s.evaluate(
    `(lambda a: ','.join(map(str, a.shape)) + ' ' + __import__('base64').b64encode(_np.ascontiguousarray(a, dtype=_np.float64).tobytes()).decode())(${valueExpr})`,
    'clipboard',
  );
  const [shape, b64] = text.replace(/^['"]|['"]$/g, '').split(' ');
  const bytes = Buffer.from(b64 ?? '', 'base64');
  const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { shape: shape ? shape.split(',').map(Number) : [], values };
}

function expectSameValues(loaded: DebugLoadedArray, want: { shape: number[]; values: Float64Array }): void {
  expect(loaded.array.shape).toEqual(want.shape);
  expect(loaded.array.data.length).toBe(want.values.length);
  for (let i = 0; i < want.values.length; i++) {
    const a = loaded.array.data[i]!;
    const b = want.values[i]!;
    if (!(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)))) throw new Error(`${loaded.name}[${i}] = ${a}, numpy says ${b}`);
  }
}

describe.skipIf(debugpy !== true)('readDebugArray over debugpy', () => {
  let s: PausedSession;
  let frameBefore: string;
  // Names and object identities of the frame; debugpy itself puts a fresh `globals` lambda into
  // the locals of every evaluation, so that one name is left out.
  const snapshotFrame = (): Promise<string> =>
    s.evaluate(`repr(sorted((k, id(v)) for k, v in locals().items() if k != 'globals')) + repr(sorted((k, id(v)) for k, v in globals().items()))`, 'clipboard');
  const read = (expression: string, options: Partial<Parameters<typeof readDebugArray>[2]> = {}) =>
    readDebugArray((e, c) => s.evaluate(e, c), expression, { language: 'python', ...options });

  beforeAll(async () => {
    s = await launchPaused(ARRAYS, [breakLine(ARRAYS)]);
    frameBefore = await snapshotFrame();
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  const numpyCases: [string, string][] = [
    ['f32', 'float32'],
    ['f64', 'float64'],
    ['f16', 'float16'],
    ['i8', 'int8'],
    ['u8', 'uint8'],
    ['i16', 'int16'],
    ['u16', 'uint16'],
    ['i32', 'int32'],
    ['u32', 'uint32'],
    ['i64', 'int64'],
    ['u64', 'uint64'],
    ['boolean', 'bool'],
    ['big_endian', 'float32'],
    ['fortran', 'float64'],
    ['view', 'int32'],
    ['transposed', 'float64'],
    ['zero_d', 'float32'],
    ['scalar', 'float64'],
    ['empty', 'float32'],
    ['nested', 'int64'],
    ['floats', 'float64'],
    ['number', 'int64'],
    ['array_like', 'float64'],
    ['G_ARRAY', 'float32'],
    ['f32[1:, ::2]', 'float32'],
    ['x.T', 'float32'],
  ];
  it.each(numpyCases)('%s equals numpy.asarray to the bit (dtype %s)', async (name, dtype) => {
    const loaded = await read(name);
    expect(loaded.dtype).toBe(dtype);
    expect(loaded.name).toBe(name);
    expectSameValues(loaded, await expected(s, `_np.asarray(${name})`));
  });

  it('float16 is read exactly into float32 storage', async () => {
    const loaded = await read('f16');
    expect(loaded.array.data).toBeInstanceOf(Float32Array);
  });

  it.each([
    ['text', /^text is a str, not an array \(Pooling Lens reads NumPy arrays/],
    ['ragged', /^ragged is a list but not a rectangular array of numbers/],
    ['strings', /^strings has dtype <U1 \(shape \[2\]\), which Pooling Lens cannot pool/],
    ['complex_arr', /^complex_arr has dtype complex128 .*pool abs\(complex_arr\) or complex_arr\.real/],
    ['record', /^record has dtype .*cannot pool/],
    ['undefined_name', /^Could not evaluate undefined_name: .*NameError.*undefined_name/],
    ['1/0', /^Could not evaluate 1\/0: .*ZeroDivisionError/],
  ])('%s fails with a specific message', async (name, message) => {
    const error = await read(name).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DebugReadError);
    expect((error as Error).message).toMatch(message);
  });

  it('a 64 MB array arrives in chunks with progress, and equals numpy', async () => {
    const progress: [number, number][] = [];
    const before = s.client.requestCount;
    const t0 = performance.now();
    const loaded = await read('big', { onProgress: (d, t) => progress.push([d, t]) });
    const ms = performance.now() - t0;
    console.log(`[timing] python numpy float32 64 MB (4096x4096): ${ms.toFixed(0)} ms in ${s.client.requestCount - before} evaluate requests`);
    expect(s.client.requestCount - before).toBe(1 + Math.ceil((64 * 1024 * 1024) / CHUNK_BYTES));
    expect(progress.length).toBe(Math.ceil((64 * 1024 * 1024) / CHUNK_BYTES));
    expect(progress.at(-1)).toEqual([64 * 1024 * 1024, 64 * 1024 * 1024]);
    expect(progress.every(([d], i) => i === 0 || d > progress[i - 1]![0])).toBe(true);
    expect(loaded.array.shape).toEqual([4096, 4096]);
    // Spot checks (the whole comparison is covered by the small arrays): big = arange * (step + 1).
    for (const i of [0, 1, 4096, 12345678, 16 * 1024 * 1024 - 1]) expect(loaded.array.data[i]).toBe(Math.fround(i));
  }, 120_000);

  it('a 1 MB array arrives in one request', async () => {
    const before = s.client.requestCount;
    const progress: [number, number][] = [];
    const t0 = performance.now();
    const loaded = await read('mb1', { onProgress: (d, t) => progress.push([d, t]) });
    console.log(`[timing] python numpy float32 1 MB (512x512): ${(performance.now() - t0).toFixed(0)} ms`);
    expect(s.client.requestCount - before).toBe(1);
    expect(progress).toEqual([[1024 * 1024, 1024 * 1024]]);
    expectSameValues(loaded, await expected(s, 'mb1'));
  });

  it('an array over maxBytes is refused with its size before any data moves', async () => {
    const before = s.client.requestCount;
    const error = await read('big', { maxBytes: 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DebugReadError);
    expect((error as DebugReadError).code).toBe('too_large');
    expect((error as Error).message).toBe(
      'big is 64.0 MB (shape [4096, 4096]), over the 1.0 MB limit. Raise the setting poolingLens.maxFileSizeMB to read it.',
    );
    expect(s.client.requestCount - before).toBe(1);
  });

  it('cancelling midway rejects with DebugReadError and sends no more requests', async () => {
    const controller = new AbortController();
    const before = s.client.requestCount;
    const error = await read('big', {
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 2 * CHUNK_BYTES) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DebugReadError);
    expect((error as DebugReadError).code).toBe('cancelled');
    const sent = s.client.requestCount - before;
    expect(sent).toBe(3); // meta + 2 chunks
    await new Promise((r) => setTimeout(r, 300));
    expect(s.client.requestCount - before).toBe(sent);
  });

  it('an already aborted signal sends nothing', async () => {
    const before = s.client.requestCount;
    const controller = new AbortController();
    controller.abort();
    await expect(read('f32', { signal: controller.signal })).rejects.toBeInstanceOf(DebugReadError);
    expect(s.client.requestCount).toBe(before);
  });

  it('reading leaves the frame as it was (names and objects) and works without numpy in the frame', async () => {
    expect(await s.evaluate(`'np' in locals() or 'np' in globals() or 'numpy' in globals()`, 'repl')).toBe('False');
    expect(await snapshotFrame()).toBe(frameBefore);
  });

  describe.skipIf(torch !== true)('torch', () => {
    const torchCases: [string, string][] = [
      ['t', 'float32'],
      ['t_grad', 'float32'],
      ['t_half', 'float16'],
      ['t_bf16', 'bfloat16'],
      ['t_cl', 'float32'],
      ['t_nc', 'int64'],
      ['t_int', 'int32'],
      ['t_bool', 'bool'],
      ['t_neg', 'float32'],
      ['t[0, 1:]', 'float32'],
    ];
    it.each(torchCases)('%s equals tensor.detach() widened exactly (dtype %s)', async (name, dtype) => {
      const loaded = await read(name);
      expect(loaded.dtype).toBe(dtype);
      expectSameValues(loaded, await expected(s, `${name}.detach().double().numpy()`));
    });

    it('reading a tensor leaves it as it was (still in the autograd graph, same values)', async () => {
      await read('t_grad');
      // (Not `.grad`: reading it on a non-leaf warns, and the warning registry lands in the frame.)
      expect(await s.evaluate(`(t_grad.requires_grad, t_grad.is_leaf, t_grad.grad_fn is not None, float(t_grad.sum()))`, 'repl')).toBe(
        '(True, False, True, 18.0)',
      );
    });

    it('a 64 MB tensor', async () => {
      const t0 = performance.now();
      const loaded = await read('t_big');
      console.log(`[timing] python torch float32 64 MB (4096x4096): ${(performance.now() - t0).toFixed(0)} ms`);
      expect(loaded.array.shape).toEqual([4096, 4096]);
      expect(loaded.array.data[16 * 1024 * 1024 - 1]).toBe(1);
    }, 120_000);

    it('a 1 MB tensor', async () => {
      const t0 = performance.now();
      const loaded = await read('_torch.from_numpy(mb1)');
      console.log(`[timing] python torch float32 1 MB (512x512): ${(performance.now() - t0).toFixed(0)} ms`);
      expectSameValues(loaded, await expected(s, 'mb1'));
    });

    it.each([
      [
        'pool',
        { framework: 'torch', className: 'MaxPool2d', config: { kernel_size: 3, stride: 2, padding: 1, dilation: 1, ceil_mode: false, return_indices: false } },
      ],
      [
        'model.pool1',
        { framework: 'torch', className: 'MaxPool2d', config: { kernel_size: 2, stride: 2, padding: 0, dilation: 1, ceil_mode: false, return_indices: false } },
      ],
      [
        'avg',
        {
          framework: 'torch',
          className: 'AvgPool2d',
          config: { kernel_size: [2, 3], stride: 1, padding: [1, 1], ceil_mode: true, count_include_pad: false, divisor_override: 5 },
        },
      ],
      ['lp', { framework: 'torch', className: 'LPPool2d', config: { kernel_size: 3, stride: null, ceil_mode: false, norm_type: 2 } }],
      ['adaptive', { framework: 'torch', className: 'AdaptiveAvgPool2d', config: { output_size: [5, 7] } }],
    ])('the pooling layer %s is read as its parameters', async (name, layer) => {
      expect(await inspectDebugValue((e, c) => s.evaluate(e, c), name, { language: 'python' })).toEqual({ kind: 'layer', layer });
    });

    it('a layer is not an array, and other modules are named', async () => {
      await expect(read('pool')).rejects.toThrow(/^pool is a torch pooling layer \(MaxPool2d\), not an array/);
      await expect(read('linear')).rejects.toThrow(/^linear is a torch\.nn\.modules\.linear\.Linear, not an array/);
    });

    it('lists the frame’s arrays with their shapes for the input quick pick', async () => {
      const vars = await listDebugArrays((e, c) => s.evaluate(e, c), { language: 'python' });
      const byName = new Map(vars.map((v) => [v.name, v]));
      expect(byName.get('t')).toMatchObject({ shape: [2, 3, 4], dtype: 'float32' });
      expect(byName.get('x')).toMatchObject({ shape: [3, 5], dtype: 'float32' });
      expect(byName.get('G_ARRAY')).toMatchObject({ shape: [3, 4] });
      expect(byName.has('pool')).toBe(false);
      expect(byName.has('text')).toBe(false);
      expect([...byName.keys()].some((k) => k.startsWith('_'))).toBe(false);
    });
  });

  describe.skipIf(pil !== true)('PIL', () => {
    it.each([
      ['img_rgb', [4, 5, 3], 'RGB'],
      ['img_l', [2, 3, 1], 'L'],
      ['img_rgba', [4, 5, 4], 'RGBA'],
    ])('%s is [H, W, C] and flagged as a picture', async (name, shape, mode) => {
      const loaded = await read(name);
      expect(loaded.array.shape).toEqual(shape);
      expect(loaded.dtype).toBe('uint8');
      expect(loaded.picture).toEqual({ layout: 'HWC', mode });
      expectSameValues(loaded, await expected(s, `_np.asarray(${name}).reshape(${JSON.stringify(shape).replace('[', '(').replace(']', ')')})`));
    });

    it('a palette image is read as the RGB picture it shows', async () => {
      const loaded = await read('img_p');
      expect(loaded.array.shape).toEqual([4, 5, 3]);
      expectSameValues(loaded, await expected(s, `_np.asarray(img_p.convert('RGB'))`));
    });
  });

  it('the frame is still unchanged after everything above', async () => {
    expect(await snapshotFrame()).toBe(frameBefore);
  });
});

describe.skipIf(debugpy !== true)('a debuggee without numpy', () => {
  let s: PausedSession;
  const read = (expression: string) => readDebugArray((e, c) => s.evaluate(e, c), expression, { language: 'python' });
  beforeAll(async () => {
    s = await launchPaused(NONUMPY, [breakLine(NONUMPY)]);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it('small lists still work', async () => {
    const small = await read('small');
    expect(small.array.shape).toEqual([2, 2]);
    expect([...small.array.data]).toEqual([1.5, 2, 3, NaN]);
    expect(small.dtype).toBe('float64');
    expect((await read('ints')).dtype).toBe('int64');
    const flags = await read('flags');
    expect(flags.dtype).toBe('bool');
    expect([...flags.array.data]).toEqual([1, 0]);
  });

  it('a large list is refused and says why', async () => {
    await expect(read('large')).rejects.toThrow(
      "numpy is not installed in the debugged program's Python, and without it Pooling Lens reads lists of up to 100,000 numbers; large has 200,000.",
    );
  });

  it('nothing was imported behind the program’s back', async () => {
    expect(await s.evaluate(`__import__('sys').modules['numpy'] is None`, 'repl')).toBe('True');
  });
});

export { RECORDING, writeFileSync };
