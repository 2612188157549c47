import type { NDArray } from '../core/types';
import { ReadError } from './errors';
import { checkDecodedSize, formatBytes } from './limits';
import type { LoadedArray } from './types';

const MAX_DIMS = 64;

/**
 * Reads JSON holding numbers as
 * - rectangular nested arrays of any depth (a bare number is a 0-d array);
 * - { "shape": [...], "data": [...] } with data flat or nested ("shape" optional);
 * - an object of such arrays, one LoadedArray per key (named by the key).
 * Python's json module writes NaN, Infinity and -Infinity, which JSON.parse rejects: they
 * are accepted. null is read as NaN (JSON.stringify writes NaN and ±Infinity as null);
 * true/false as 1/0. Errors give the JSON path of the problem, e.g. $[2][1].
 */
export function readJson(bytes: Uint8Array, name: string, maxBytes: number): LoadedArray[] {
  const fail = (message: string): never => {
    throw new ReadError('json', `${name}: ${message}`);
  };
  if (bytes.length > maxBytes) {
    throw ReadError.tooLarge('json', `${name}: the file is ${formatBytes(bytes.length)}, over the ${formatBytes(maxBytes)} limit`, bytes.length, maxBytes);
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(/NaN|Infinity/.test(text) ? replaceNonFinite(text) : text);
  } catch (e) {
    return fail(`not valid JSON: ${e instanceof Error ? e.message : String(e)}.`);
  }
  const arrays: LoadedArray[] = [];
  if (isObject(value) && !('data' in value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) fail('the top-level object is empty; expected an array, {"shape": [...], "data": [...]}, or an object of arrays.');
    let budget = maxBytes;
    for (const key of keys) {
      const array = toArray(value[key], childPath('$', key), budget, name, fail);
      budget -= array.data.byteLength;
      arrays.push({ name: key, array, dtype: 'float64' });
    }
  } else {
    arrays.push({ name, array: toArray(value, '$', maxBytes, name, fail), dtype: 'float64' });
  }
  return arrays;
}

function toArray(value: unknown, path: string, maxBytes: number, name: string, fail: (m: string) => never): NDArray {
  if (isObject(value)) {
    if (!('data' in value))
      fail(
        `at ${path}: expected an array or {"shape": [...], "data": [...]}, found an object with keys ${Object.keys(value)
          .slice(0, 5)
          .map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k))
          .join(', ')}.`,
      );
    const data = value['data'];
    const dataPath = childPath(path, 'data');
    if (!('shape' in value)) return nested(data, dataPath, maxBytes, name, fail);
    const shape = readShape(value['shape'], childPath(path, 'shape'), fail);
    const count = shape.reduce((a, b) => a * b, 1);
    checkDecodedSize('json', `${name}: shape [${shape.join(', ')}] at ${path}`, count, 8, maxBytes);
    if (Array.isArray(data) && data.every((v) => !Array.isArray(v))) {
      if (data.length !== count) fail(`at ${dataPath}: ${data.length} values, but shape [${shape.join(', ')}] needs ${count}.`);
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = leaf(data[i], `${dataPath}[${i}]`, fail);
      return { shape, data: out };
    }
    const arr = nested(data, dataPath, maxBytes, name, fail);
    if (arr.shape.length !== shape.length || arr.shape.some((d, i) => d !== shape[i])) {
      fail(`at ${dataPath}: nested data has shape [${arr.shape.join(', ')}], but "shape" says [${shape.join(', ')}].`);
    }
    return arr;
  }
  return nested(value, path, maxBytes, name, fail);
}

/** Rectangular nested arrays → C-order data; the first element at each depth sets the shape. */
function nested(value: unknown, path: string, maxBytes: number, name: string, fail: (m: string) => never): NDArray {
  const shape: number[] = [];
  for (let node = value; Array.isArray(node); node = node[0]) {
    shape.push(node.length);
    if (shape.length > MAX_DIMS) fail(`at ${path}: arrays nested more than ${MAX_DIMS} deep.`);
    if (node.length === 0) break;
  }
  const count = shape.reduce((a, b) => a * b, 1);
  checkDecodedSize('json', `${name}: shape [${shape.join(', ')}] at ${path}`, count, 8, maxBytes);
  const out = new Float64Array(count);
  let o = 0;
  const walk = (node: unknown, depth: number, at: string): void => {
    if (depth === shape.length) {
      out[o++] = leaf(node, at, fail);
      return;
    }
    if (!Array.isArray(node)) {
      fail(`ragged at ${at}: found ${describe(node)}, expected an array of ${shape[depth]} (like ${firstPath(path, depth)}).`);
    }
    const arr = node as unknown[];
    if (arr.length !== shape[depth]) {
      fail(`ragged at ${at}: ${arr.length} element${arr.length === 1 ? '' : 's'}, expected ${shape[depth]} (like ${firstPath(path, depth)}).`);
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1, `${at}[${i}]`);
  };
  walk(value, 0, path);
  return { shape, data: out };
}

function leaf(v: unknown, at: string, fail: (m: string) => never): number {
  if (typeof v === 'number') return v;
  if (v === null) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) return fail(`ragged at ${at}: found an array where a number was expected (other elements at this depth are numbers).`);
  return fail(`at ${at}: expected a number, found ${describe(v)}.`);
}

function readShape(v: unknown, at: string, fail: (m: string) => never): number[] {
  if (!Array.isArray(v) || v.length > MAX_DIMS || !v.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    return fail(`at ${at}: "shape" must be a list of non-negative integers, found ${JSON.stringify(v)?.slice(0, 60)}.`);
  }
  return v as number[];
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.slice(0, 30))}`;
  if (Array.isArray(v)) return 'an array';
  if (v === undefined) return 'nothing';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function firstPath(path: string, depth: number): string {
  return path + '[0]'.repeat(depth);
}

function childPath(path: string, key: string): string {
  // Keys can be megabytes long: a message shows the start of one.
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return /^[A-Za-z_$][\w$]*$/.test(shown) ? `${path}.${shown}` : `${path}[${JSON.stringify(shown)}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** NaN → null, ±Infinity → ±1e999 (JSON.parse gives ±Infinity), outside strings only. */
function replaceNonFinite(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92)
        i++; // backslash escapes the next character
      else if (ch === 34) inString = false;
      continue;
    }
    if (ch === 34) {
      inString = true;
    } else if (ch === 78 && text.startsWith('NaN', i)) {
      out += text.slice(last, i) + 'null';
      i += 2;
      last = i + 1;
    } else if (ch === 73 && text.startsWith('Infinity', i)) {
      out += text.slice(last, i) + '1e999';
      i += 7;
      last = i + 1;
    }
  }
  return out + text.slice(last);
}
