/**
 * readDebugArray: a value in a paused program -> a LoadedArray, through nothing but DAP
 * `evaluate` calls (clipboard context: debugpy cuts other contexts at 64 KB).
 *
 * 1. One 'meta' request: shape, dtype, nbytes — refused over `maxBytes` before any data moves —
 *    and, for arrays up to CHUNK_BYTES, the data itself.
 * 2. Larger arrays: 'chunk' requests of CHUNK_BYTES each (debugpy 1.6 drops a message over
 *    16 MiB and never answers), decoded straight into one buffer.
 * 3. The bytes (with a .npy header made here) go through our .npy reader, so dtypes, byte order
 *    and the checks are the files' own.
 */
import type { LoadedArray } from '../io';
import { readNpy } from '../io/npy';
import { decodeBase64Into, decodedLength } from './base64';
import { DebugReadError } from './errors';
import { javascriptReadExpression } from './javascript';
import { pythonListExpression, pythonReadExpression } from './python';
import type { PythonReadArgs } from './python';

/** DAP `evaluate` in the selected frame; resolves with the response's `result`, rejects on failure. */
export type Evaluate = (expression: string, context: 'clipboard' | 'repl') => Promise<string>;

export type DebugLanguage = 'python' | 'javascript';

export interface DebugReadOptions {
  language: DebugLanguage;
  /** The array's size as the debuggee holds it (numpy's nbytes); larger is refused before transfer. Default 256 MB. */
  maxBytes?: number;
  /** Transferred data bytes so far; the last call has done === total. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  /** Longest wait for one `evaluate` answer. Default 60 s. */
  timeoutMs?: number;
}

/** A PIL image read as [H, W, C]: the panel shows it as a picture. */
export interface PictureInfo {
  layout: 'HWC';
  /** PIL's mode of the image the values come from ('RGB', 'L', …). */
  mode: string;
}

export type DebugLoadedArray = LoadedArray & { picture?: PictureInfo };

/** A torch pooling module or Keras pooling layer, as read from the debuggee. */
export interface PoolingLayerInfo {
  framework: 'torch' | 'keras';
  className: string;
  /** The attributes (torch) or get_config() entries (Keras) that define the pooling. */
  config: Record<string, unknown>;
}

/** A variable of the frame that holds an array, tensor or image. */
export interface DebugVariable {
  name: string;
  shape: number[];
  dtype: string;
  typeName: string;
}

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** Raw bytes per request: 8 MiB of base64 (measured to work), half of debugpy 1.6's 16 MiB message limit. */
export const CHUNK_BYTES = 6 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 60_000;

const WHAT_WE_READ = 'Pooling Lens reads NumPy arrays, torch tensors, PIL images, lists of numbers and objects with __array__';
const WHAT_WE_READ_JS = 'Pooling Lens reads typed arrays, nested arrays of numbers and TensorFlow.js tensors';

interface Meta {
  shape: number[];
  descr: string;
  /** Set when numpy's name is not the one to show (torch bfloat16); else the reader's. */
  dtype: string | null;
  nbytes: number;
  picture: { mode: string; layout: string } | null;
}

type Answer =
  | { kind: 'ok'; meta: Meta; data: string | undefined }
  | { kind: 'list'; shape: number[]; values: (number | boolean | string)[] }
  | { kind: 'chunk'; descr: string; nbytes: number; data: string }
  | { kind: 'err'; info: Record<string, unknown> }
  | { kind: 'vars'; vars: DebugVariable[] };

export async function readDebugArray(evaluate: Evaluate, expression: string, options: DebugReadOptions): Promise<DebugLoadedArray> {
  const session = new Session(evaluate, expression, options);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const first = await session.ask({ mode: 'meta', maxBytes, inlineBytes: CHUNK_BYTES, offset: 0, length: 0 });
  if (first.kind === 'list') {
    const loaded = fromList(expression, first.shape, first.values);
    options.onProgress?.(loaded.array.data.length * 8, loaded.array.data.length * 8);
    return loaded;
  }
  if (first.kind !== 'ok') throw session.unexpected(first);
  const meta = first.meta;
  checkMeta(meta, expression);
  const header = npyHeader(meta.descr, meta.shape);
  const bytes = new Uint8Array(header.length + meta.nbytes);
  bytes.set(header);
  if (first.data !== undefined) {
    session.put(first.data, bytes, header.length, meta.nbytes);
  } else {
    for (let offset = 0; offset < meta.nbytes; offset += CHUNK_BYTES) {
      const length = Math.min(CHUNK_BYTES, meta.nbytes - offset);
      const answer = await session.ask({ mode: 'chunk', maxBytes, inlineBytes: 0, offset, length });
      if (answer.kind !== 'chunk') throw session.unexpected(answer);
      if (answer.descr !== meta.descr || answer.nbytes !== meta.nbytes) {
        throw new DebugReadError(`${expression} changed while it was being read (now ${answer.descr}, ${answer.nbytes} bytes); try again.`, 'changed');
      }
      session.put(answer.data, bytes, header.length + offset, length);
      options.onProgress?.(offset + length, meta.nbytes);
    }
  }
  if (first.data !== undefined || meta.nbytes === 0) options.onProgress?.(meta.nbytes, meta.nbytes);
  let loaded: DebugLoadedArray;
  try {
    // The size was checked against nbytes above; the reader's own limit is on its float output.
    loaded = readNpy(bytes, expression, Number.MAX_SAFE_INTEGER);
  } catch (e) {
    throw new DebugReadError(`Could not decode ${expression}: ${e instanceof Error ? e.message : String(e)}`, 'protocol', { cause: e });
  }
  if (meta.dtype) loaded.dtype = meta.dtype;
  if (meta.picture) loaded.picture = { layout: 'HWC', mode: meta.picture.mode };
  return loaded;
}

/** What a value is, without moving its data: an array's shape and dtype, or a pooling layer's configuration. */
export type DebugValueInfo = { kind: 'array'; shape: number[]; dtype: string; nbytes: number } | { kind: 'layer'; layer: PoolingLayerInfo };

export async function inspectDebugValue(evaluate: Evaluate, expression: string, options: DebugReadOptions): Promise<DebugValueInfo> {
  const session = new Session(evaluate, expression, options);
  const answer = await session.ask({ mode: 'meta', maxBytes: Number.MAX_SAFE_INTEGER, inlineBytes: -1, offset: 0, length: 0 }, true);
  if (answer.kind === 'ok') return { kind: 'array', shape: answer.meta.shape, dtype: answer.meta.dtype ?? answer.meta.descr, nbytes: answer.meta.nbytes };
  if (answer.kind === 'list') return { kind: 'array', shape: answer.shape, dtype: listDtype(answer.values), nbytes: answer.values.length * 8 };
  if (answer.kind === 'err' && answer.info.code === 'layer') return { kind: 'layer', layer: parseLayer(answer.info.layer, expression) };
  throw session.unexpected(answer);
}

/** The frame's variables holding arrays, tensors or images (Python only; JavaScript frames answer []). */
export async function listDebugArrays(evaluate: Evaluate, options: DebugReadOptions): Promise<DebugVariable[]> {
  if (options.language !== 'python') return [];
  const session = new Session(evaluate, 'the frame', options);
  const answer = await session.send(pythonListExpression());
  if (answer.kind !== 'vars') throw session.unexpected(answer);
  return answer.vars;
}

class Session {
  private readonly timeoutMs: number;
  constructor(
    private readonly evaluate: Evaluate,
    private readonly expression: string,
    private readonly options: DebugReadOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  ask(args: PythonReadArgs, layerIsAnswer = false): Promise<Answer> {
    const text = this.options.language === 'python' ? pythonReadExpression(this.expression, args) : javascriptReadExpression(this.expression, args);
    return this.send(text).then((answer) => {
      if (answer.kind === 'err' && !(layerIsAnswer && answer.info.code === 'layer')) throw this.failure(answer.info);
      return answer;
    });
  }

  async send(text: string): Promise<Answer> {
    const signal = this.options.signal;
    if (signal?.aborted) throw cancelled(this.expression);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DebugReadError(
              `Evaluating ${this.expression} took longer than ${this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`}; the program may be busy or the value too large.`,
              'timeout',
            ),
          ),
        this.timeoutMs,
      );
      onAbort = () => reject(cancelled(this.expression));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const result = await Promise.race([this.evaluate(text, 'clipboard'), stop]);
      return parseAnswer(result, this.expression, this.options.language);
    } catch (e) {
      if (e instanceof DebugReadError) throw e;
      throw new DebugReadError(`Could not evaluate ${this.expression}: ${cleanText(e instanceof Error ? e.message : String(e))}`, 'evaluate', { cause: e });
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Decodes a base64 chunk into place, checking it has exactly `length` bytes. */
  put(text: string, out: Uint8Array, offset: number, length: number): void {
    if (decodedLength(text) !== length || decodeBase64Into(text, out, offset) !== length) {
      throw new DebugReadError(`The debugger's answer for ${this.expression} was damaged (expected ${length} bytes at offset ${offset}).`, 'protocol');
    }
  }

  unexpected(answer: Answer): DebugReadError {
    if (answer.kind === 'err') return this.failure(answer.info);
    return new DebugReadError(`The debugger's answer for ${this.expression} was not what Pooling Lens asked for (${answer.kind}).`, 'protocol');
  }

  failure(info: Record<string, unknown>): DebugReadError {
    return errorFor(info, this.expression, this.options.language, this.options.maxBytes ?? DEFAULT_MAX_BYTES);
  }
}

function cancelled(expression: string): DebugReadError {
  return new DebugReadError(`Reading ${expression} was cancelled.`, 'cancelled');
}

/** Adapters may quote a string result or escape it; the tagged part survives both. */
function parseAnswer(result: string, expression: string, language: DebugLanguage): Answer {
  const start = result.indexOf('PLENS1 ');
  if (start < 0) {
    throw new DebugReadError(`Could not evaluate ${expression}: ${cleanText(result)}`, 'evaluate');
  }
  const parts = result
    .slice(start)
    .replace(/["'\s\\]+$/, '')
    .split(' ');
  const kind = parts[1];
  const json = (i: number): unknown => JSON.parse(decodeText(parts[i] ?? ''));
  try {
    switch (kind) {
      case 'ok': {
        const meta = json(2) as Meta;
        return { kind: 'ok', meta, data: parts[3] === '-' || parts[3] === undefined ? undefined : parts[3] };
      }
      case 'chunk':
        return { kind: 'chunk', descr: parts[2] ?? '', nbytes: Number(parts[3]), data: parts[4] ?? '' };
      case 'err':
        return { kind: 'err', info: json(2) as Record<string, unknown> };
      case 'list': {
        // Python's json writes NaN and ±Infinity bare.
        const text = decodeText(parts[2] ?? '').replace(/-?Infinity|NaN/g, (m) => `"${m}"`);
        const value = JSON.parse(text) as { shape: number[]; values: (number | boolean | string)[] };
        return { kind: 'list', shape: value.shape, values: value.values };
      }
      case 'vars':
        return { kind: 'vars', vars: json(2) as DebugVariable[] };
    }
  } catch (e) {
    throw new DebugReadError(
      `The debugger's answer for ${expression} could not be read (${language}): ${e instanceof Error ? e.message : String(e)}`,
      'protocol',
      { cause: e },
    );
  }
  throw new DebugReadError(`The debugger's answer for ${expression} could not be read (unknown tag '${String(kind).slice(0, 20)}').`, 'protocol');
}

function decodeText(b64: string): string {
  const out = new Uint8Array(Math.max(0, decodedLength(b64)));
  if (decodeBase64Into(b64, out, 0) < 0) throw new Error('damaged base64');
  return new TextDecoder().decode(out);
}

/** An exception's text as the adapter gave it, without quotes and tracebacks' noise, bounded. */
function cleanText(text: string): string {
  let t = text.trim();
  if (/^(['"]).*\1$/s.test(t)) t = t.slice(1, -1);
  const lines = t.split(/\r?\n/).filter((l) => l.trim().length > 0);
  // A traceback ends with the line that names the exception.
  const last = lines.length > 1 && /^\s*Traceback/.test(lines[0]!) ? lines[lines.length - 1]! : lines.join(' ');
  return last.length > 300 ? `${last.slice(0, 300)}…` : last;
}

function formatBytes(n: number): string {
  const MB = 1024 * 1024;
  if (n < 1024) return `${n} bytes`;
  if (n < MB) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * MB) return `${(n / MB).toFixed(1)} MB`;
  return `${(n / 1024 / MB).toFixed(2)} GB`;
}

function errorFor(info: Record<string, unknown>, x: string, language: DebugLanguage, maxBytes: number): DebugReadError {
  const code = String(info.code);
  const typeName = String(info.typeName ?? 'value');
  const what = language === 'python' ? WHAT_WE_READ : WHAT_WE_READ_JS;
  const shape = Array.isArray(info.shape) ? `[${info.shape.join(', ')}]` : '';
  switch (code) {
    case 'not_array':
      return new DebugReadError(`${x} is ${article(typeName)} ${typeName}, not an array (${what}).`, 'not_array');
    case 'ragged':
      return new DebugReadError(
        `${x} is ${article(typeName)} ${typeName} but not a rectangular array of numbers: its rows differ in length or it holds something else than numbers.`,
        'ragged',
      );
    case 'dtype': {
      const dtype = String(info.dtype);
      const advice = /complex/.test(dtype) ? `pool abs(${x}) or ${x}.real` : `convert it, e.g. ${x}.astype('float64')`;
      return new DebugReadError(
        `${x} has dtype ${dtype}${shape ? ` (shape ${shape})` : ''}, which Pooling Lens cannot pool (it reads bool, integers and floats up to 64 bits): ${advice}.`,
        'dtype',
      );
    }
    case 'sparse':
      return new DebugReadError(`${x} is a sparse tensor (${String(info.layout)}): pool ${x}.to_dense() instead.`, 'sparse');
    case 'disposed':
      return new DebugReadError(`${x} is a TensorFlow.js tensor that has been disposed.`, 'disposed');
    case 'too_large':
      return new DebugReadError(
        `${x} is ${formatBytes(Number(info.nbytes))}${shape ? ` (shape ${shape})` : ''}, over the ${formatBytes(maxBytes)} limit. Raise the setting poolingLens.maxFileSizeMB to read it.`,
        'too_large',
      );
    case 'no_numpy':
      return new DebugReadError(
        info.count !== undefined
          ? `numpy is not installed in the debugged program's Python, and without it Pooling Lens reads lists of up to ${Number(info.limit).toLocaleString('en-US')} numbers; ${x} has ${Number(info.count).toLocaleString('en-US')}.`
          : `numpy is not installed in the debugged program's Python, so Pooling Lens cannot read ${x} (${article(typeName)} ${typeName}); it reads lists of numbers without numpy.`,
        'no_numpy',
      );
    case 'layer': {
      const layer = info.layer as { className?: unknown; framework?: unknown } | undefined;
      return new DebugReadError(
        `${x} is a ${String(layer?.framework ?? '')} pooling layer (${String(layer?.className ?? typeName)}), not an array: use Visualize Pooling on it to pool an input with its parameters.`,
        'layer',
      );
    }
    case 'changed':
      return new DebugReadError(`${x} changed while it was being read; try again.`, 'changed');
  }
  return new DebugReadError(`Could not read ${x} (${code}).`, 'protocol');
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function checkMeta(meta: Meta, expression: string): void {
  const count = meta.shape.reduce((a, b) => a * b, 1);
  const ok =
    Array.isArray(meta.shape) &&
    meta.shape.every((d) => Number.isSafeInteger(d) && d >= 0) &&
    typeof meta.descr === 'string' &&
    /^[<>|=][biuf][1248]$/.test(meta.descr) &&
    Number.isSafeInteger(meta.nbytes) &&
    meta.nbytes === count * Number(meta.descr.slice(2));
  if (!ok)
    throw new DebugReadError(
      `The debugger described ${expression} inconsistently (shape [${String(meta.shape)}], ${String(meta.descr)}, ${String(meta.nbytes)} bytes).`,
      'protocol',
    );
}

/** A .npy 1.0 header for C-order data, as numpy writes it (padded to 64 bytes). */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, total - 10, true);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  out.fill(0x20, 10 + dict.length, total - 1);
  out[total - 1] = 0x0a;
  return out;
}

function listDtype(values: readonly (number | boolean | string)[]): string {
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return 'bool';
  if (values.length > 0 && values.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'int64';
  return 'float64';
}

/** A list read without numpy: numpy.asarray's dtype (bool, int64 or float64), values as float64. */
function fromList(name: string, shape: number[], values: readonly (number | boolean | string)[]): DebugLoadedArray {
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    data[i] = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number(v === 'NaN' ? NaN : v === '-Infinity' ? -Infinity : Infinity);
  }
  return { name, array: { shape, data }, dtype: listDtype(values) };
}

function parseLayer(raw: unknown, expression: string): PoolingLayerInfo {
  const r = raw as Partial<PoolingLayerInfo> | undefined;
  if (!r || (r.framework !== 'torch' && r.framework !== 'keras') || typeof r.className !== 'string' || typeof r.config !== 'object' || r.config === null) {
    throw new DebugReadError(`The debugger described the layer ${expression} inconsistently.`, 'protocol');
  }
  return { framework: r.framework, className: r.className, config: r.config };
}
