/**
 * JavaScript expressions for js-debug (node, pwa-node, pwa-chrome, pwa-msedge): the same tagged
 * answers as the Python ones (`PLENS1 …`, base64 payloads), from typed arrays, nested numeric
 * arrays and TensorFlow.js tensors. One function expression called with the user's value: its
 * own `const`s live in that function, nothing is assigned in the user's scope, and the value is
 * only read (a tfjs tensor's `dataSync()` returns its values without changing the tensor).
 */
import type { PythonReadArgs } from './python';

export type ReadArgs = PythonReadArgs;

const BODY = `
const enc = (s) => typeof Buffer === 'function' ? Buffer.from(s, 'utf8').toString('base64') : btoa(unescape(encodeURIComponent(s)));
const bytes64 = (u8) => { if (typeof Buffer === 'function') return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('base64'); let s = ''; for (let i = 0; i < u8.length; i += 32768) s += String.fromCharCode.apply(null, u8.subarray(i, i + 32768)); return btoa(s); };
const err = (code, extra) => 'PLENS1 err ' + enc(JSON.stringify(Object.assign({}, extra, { code })));
const typeName = (x) => x === null ? 'null' : Array.isArray(x) ? 'Array' : typeof x === 'object' ? ((x.constructor && x.constructor.name) || 'Object') : typeof x;
const DESCR = { Float32Array: '<f4', Float64Array: '<f8', Float16Array: '<f2', Int8Array: '|i1', Uint8Array: '|u1', Uint8ClampedArray: '|u1', Int16Array: '<i2', Uint16Array: '<u2', Int32Array: '<i4', Uint32Array: '<u4', BigInt64Array: '<i8', BigUint64Array: '<u8' };
const isTyped = (x) => ArrayBuffer.isView(x) && !(x instanceof DataView);
const typedKind = (x) => { for (let p = Object.getPrototypeOf(x); p; p = Object.getPrototypeOf(p)) if (p.constructor && DESCR[p.constructor.name]) return p.constructor.name; return typeName(x); };
const cand = (v) => {
  if (isTyped(v)) {
    const d = DESCR[typedKind(v)];
    if (!d) return err('dtype', { dtype: typeName(v), shape: [v.length] });
    return { shape: [v.length], descr: d, dtype: null, make: () => v };
  }
  if (v !== null && typeof v === 'object' && typeof v.dataSync === 'function' && Array.isArray(v.shape) && typeof v.dtype === 'string') {
    if (v.isDisposed) return err('disposed', { typeName: 'tf.Tensor' });
    const d = { float32: '<f4', int32: '<i4', bool: '|b1' }[v.dtype];
    if (!d) return err('dtype', { dtype: v.dtype, shape: v.shape });
    return { shape: v.shape.slice(), descr: d, dtype: null, make: () => { const x = v.dataSync(); return v.dtype === 'bool' && !(x instanceof Uint8Array) ? Uint8Array.from(x, Number) : x; } };
  }
  if (Array.isArray(v) || typeof v === 'number' || typeof v === 'boolean') {
    const shape = [];
    for (let x = v; Array.isArray(x) || isTyped(x); x = x[0]) { shape.push(x.length); if (x.length === 0) break; }
    const n = shape.reduce((a, b) => a * b, 1);
    let bools = true;
    const leaves = [];
    const walk = (x, d) => {
      if (d === shape.length) {
        if (typeof x === 'boolean') { leaves.push(x ? 1 : 0); return true; }
        bools = false;
        if (typeof x === 'number') { leaves.push(x); return true; }
        if (typeof x === 'bigint') { leaves.push(Number(x)); return true; }
        return false;
      }
      if (!(Array.isArray(x) || isTyped(x)) || x.length !== shape[d]) return false;
      for (let i = 0; i < x.length; i++) if (!walk(x[i], d + 1)) return false;
      return true;
    };
    if (!walk(v, 0)) return err('ragged', { typeName: typeName(v) });
    if (n === 0) bools = false;
    return { shape, descr: bools ? '|b1' : '<f8', dtype: null, make: () => bools ? Uint8Array.from(leaves) : Float64Array.from(leaves) };
  }
  return err('not_array', { typeName: typeName(v) });
};
const c = cand(v);
if (typeof c === 'string') return c;
const size = { '<f4': 4, '<f8': 8, '<f2': 2, '|i1': 1, '|u1': 1, '<i2': 2, '<u2': 2, '<i4': 4, '<u4': 4, '<i8': 8, '<u8': 8, '|b1': 1 }[c.descr];
const nbytes = c.shape.reduce((a, b) => a * b, 1) * size;
if (A.mode === 'meta' && nbytes > A.max) return err('too_large', { nbytes, shape: c.shape });
const data = c.make();
const u8 = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
if (A.mode === 'chunk') return nbytes > A.max || u8.length !== nbytes ? err('changed', {}) : 'PLENS1 chunk ' + c.descr + ' ' + nbytes + ' ' + bytes64(u8.subarray(A.off, A.off + A.len));
return 'PLENS1 ok ' + enc(JSON.stringify({ shape: c.shape, descr: c.descr, dtype: c.dtype, nbytes, picture: null })) + ' ' + (nbytes <= A.inline ? bytes64(u8) : '-');
`;

/** Collapsed to one line: some consoles treat a newline as the end of the input. */
const ONE_LINE = BODY.split('\n')
  .map((l) => l.trim())
  .filter((l) => l.length > 0)
  .join(' ');

export function javascriptReadExpression(expression: string, args: ReadArgs): string {
  const a = JSON.stringify({
    mode: args.mode,
    max: Math.floor(args.maxBytes),
    inline: Math.floor(args.inlineBytes),
    off: Math.floor(args.offset),
    len: Math.floor(args.length),
  });
  // The user's expression on its own lines, so a trailing `//` comment cannot swallow the call.
  return `(function (v, A) { 'use strict'; ${ONE_LINE} })((\n${expression}\n), ${a})`;
}
