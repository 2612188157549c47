/**
 * The fuzzer's oracle. A read must either return well-formed arrays (data length = product of
 * shape, a dtype, image metadata that matches the shape, within the size limit) or throw a
 * ReadError; it must take under a second and allocate nothing over the bound. A literal parse
 * must return undefined or a well-formed array, never throw, and take under a second.
 */
import { parseArrayLiteral, readArraysSync, ReadError } from '../../src/io';
import type { LoadedArray } from '../../src/io';
import { arm, disarm } from './alloc';
import type { FuzzInput } from './inputs';

export const TIME_LIMIT_MS = 1000;
/** Extra bytes a decoder may allocate besides the output and a copy of the input (tables, row buffers). */
export const ALLOC_SLACK = 4 * 1024 * 1024;

export interface Outcome {
  /** 'ok': arrays returned; 'error': ReadError (or undefined literal); 'fail': a defect. */
  status: 'ok' | 'rejected' | 'fail';
  reason?: string;
  ms: number;
  largestAllocation: number;
}

export function allocationBound(maxBytes: number, inputBytes: number): number {
  return maxBytes + 2 * inputBytes + ALLOC_SLACK;
}

export function runOne(input: FuzzInput, maxBytes: number, timeLimitMs = TIME_LIMIT_MS): Outcome {
  const inputBytes = input.kind === 'read' ? input.bytes.length : input.text.length * 2;
  const bufferBefore = process.memoryUsage().arrayBuffers;
  arm(allocationBound(maxBytes, inputBytes));
  const t0 = performance.now();
  let result: unknown;
  let thrown: unknown;
  let threw = false;
  try {
    result =
      input.kind === 'read'
        ? readArraysSync(input.bytes, input.fileName, { maxBytes })
        : parseArrayLiteral(input.text, input.offset, input.languageId === undefined ? undefined : { languageId: input.languageId });
  } catch (e) {
    threw = true;
    thrown = e;
  }
  const ms = performance.now() - t0;
  const alloc = disarm();
  const bufferGrowth = process.memoryUsage().arrayBuffers - bufferBefore;
  const base = { ms, largestAllocation: alloc.largest };

  if (alloc.violation) return { ...base, status: 'fail', reason: `allocation: ${alloc.violation}` };
  if (ms > timeLimitMs) return { ...base, status: 'fail', reason: `slow: ${ms.toFixed(0)} ms (limit ${timeLimitMs} ms)` };
  // Live buffer memory grew by more than anything legitimate could hold (garbage not yet collected included).
  const growthBound = 4 * allocationBound(maxBytes, inputBytes) + 64 * 1024 * 1024;
  if (bufferGrowth > growthBound) {
    return { ...base, status: 'fail', reason: `memory: arrayBuffers grew by ${bufferGrowth} bytes during the call (bound ${growthBound})` };
  }
  if (threw) {
    if (input.kind === 'read' && thrown instanceof ReadError) {
      const problem = checkReadError(thrown, input.fileName);
      return problem ? { ...base, status: 'fail', reason: problem } : { ...base, status: 'rejected' };
    }
    return { ...base, status: 'fail', reason: `threw ${describeError(thrown)}` };
  }
  const problem = input.kind === 'read' ? checkArrays(result, maxBytes) : checkLiteral(result, input.text, input.offset);
  if (problem) return { ...base, status: 'fail', reason: problem };
  return { ...base, status: input.kind === 'literal' && result === undefined ? 'rejected' : 'ok' };
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return `a non-Error value: ${String(e)}`;
}

/** A ReadError is for the user: it names the file and says something. */
function checkReadError(e: ReadError, fileName: string): string | undefined {
  if (!e.message.startsWith(`${fileName}`)) return `ReadError does not name the file: ${e.message.slice(0, 200)}`;
  if (e.message.length > 2000) return `ReadError message is ${e.message.length} characters long`;
  return undefined;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function checkArrays(result: unknown, maxBytes: number): string | undefined {
  if (!Array.isArray(result)) return `result is not an array: ${typeof result}`;
  if (result.length === 0) return 'no arrays and no ReadError';
  let total = 0;
  for (const [i, item] of (result as LoadedArray[]).entries()) {
    const where = `array ${i} (${String(item?.name)})`;
    if (typeof item !== 'object' || item === null) return `${where} is not an object`;
    if (typeof item.name !== 'string') return `${where}: name is not a string`;
    if (typeof item.dtype !== 'string' || item.dtype === '') return `${where}: dtype is not a string`;
    const { shape, data } = item.array ?? {};
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return `${where}: bad shape ${JSON.stringify(shape)}`;
    if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) return `${where}: data is not a Float32Array/Float64Array`;
    if (data.length !== product(shape)) return `${where}: data.length ${data.length} != product of shape [${shape.join(', ')}]`;
    if (item.error !== undefined) {
      if (!(item.error instanceof ReadError)) return `${where}: error is not a ReadError`;
      if (data.length !== 0) return `${where}: a failed member has data`;
    }
    if (item.image) {
      const { width, height, channels, bitDepth } = item.image;
      if (shape.length !== 3 || shape[0] !== channels || shape[1] !== height || shape[2] !== width) {
        return `${where}: image ${width}×${height}×${channels} does not match shape [${shape.join(', ')}]`;
      }
      if (![1, 2, 3, 4].includes(channels) || ![1, 2, 4, 8, 16].includes(bitDepth)) return `${where}: image channels ${channels} / bit depth ${bitDepth}`;
      const top = bitDepth === 16 ? 65535 : 255;
      for (let k = 0; k < data.length; k++) {
        const v = data[k]!;
        if (!(v >= 0 && v <= top && Number.isInteger(v))) return `${where}: pixel ${k} is ${v}, outside 0..${top}`;
      }
    }
    total += data.byteLength;
  }
  if (total > maxBytes) return `arrays hold ${total} bytes, over maxBytes ${maxBytes}`;
  return undefined;
}

export function checkLiteral(result: unknown, text: string, offset: number): string | undefined {
  if (result === undefined) return undefined;
  const r = result as { array?: { shape?: unknown; data?: unknown }; start?: unknown; end?: unknown };
  const shape = r.array?.shape;
  const data = r.array?.data;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return `literal: bad shape ${JSON.stringify(shape)}`;
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) return 'literal: data is not a typed array';
  if (data.length !== product(shape)) return `literal: data.length ${data.length} != product of shape [${shape.join(', ')}]`;
  if (typeof r.start !== 'number' || typeof r.end !== 'number' || !(r.start <= offset && offset < r.end && r.end <= text.length)) {
    return `literal: range ${String(r.start)}..${String(r.end)} does not contain offset ${offset}`;
  }
  return undefined;
}
