// Minimal checks on what the host sends: a malformed message is reported (and logged
// back to the host) rather than half-applied. Pure.
import { isInt, isOneOf, isRecord, isString as isStr } from '../src/guards';
import { CONVENTIONS, DECIMALS, type ArrayPayload, type Convention, type HostMessage } from '../src/protocol';

type LoadMessage = Extract<HostMessage, { type: 'load' }>;

export type HostParse = { ok: true; message: HostMessage } | { ok: false; reason: string };


export const DEFAULT_SETTINGS: { colormap: string; decimals: number; convention: Convention } = { colormap: 'auto', decimals: DECIMALS.default, convention: 'pytorch' };

/** Checks an ArrayPayload: the buffer must hold exactly prod(shape) values of `storage`. */
export function checkPayload(v: unknown): { ok: true; payload: ArrayPayload } | { ok: false; reason: string } {
  if (!isRecord(v)) return { ok: false, reason: 'the array is missing' };
  if (!isStr(v.name) || !isStr(v.dtype)) return { ok: false, reason: 'the array has no name or dtype' };
  if (!Array.isArray(v.shape) || v.shape.length > 32 || !v.shape.every((n) => isInt(n) && n >= 0)) return { ok: false, reason: 'the array shape is not a list of sizes' };
  if (v.storage !== 'float32' && v.storage !== 'float64') return { ok: false, reason: `unknown storage '${String(v.storage)}'` };
  if (!(v.buffer instanceof ArrayBuffer)) return { ok: false, reason: 'the array data did not arrive as an ArrayBuffer' };
  const count = (v.shape as number[]).reduce((a, b) => a * b, 1);
  const bytes = count * (v.storage === 'float32' ? 4 : 8);
  if (v.buffer.byteLength !== bytes) {
    return { ok: false, reason: `the array data has ${v.buffer.byteLength} bytes, but shape [${(v.shape as number[]).join(', ')}] of ${v.storage} needs ${bytes}` };
  }
  if (v.image !== undefined) {
    const im = v.image;
    if (!isRecord(im) || !isInt(im.width) || !isInt(im.height) || !isInt(im.channels) || !isInt(im.bitDepth)) return { ok: false, reason: 'the image description is malformed' };
  }
  return { ok: true, payload: v as unknown as ArrayPayload };
}

export function parseHostMessage(v: unknown): HostParse {
  if (!isRecord(v) || !isStr(v.type)) return { ok: false, reason: 'a message without a type' };
  switch (v.type) {
    case 'load': {
      if (!isStr(v.fileName)) return { ok: false, reason: 'load: fileName is missing' };
      const p = checkPayload(v.array);
      if (!p.ok) return { ok: false, reason: `load: ${p.reason}` };
      const names = Array.isArray(v.arrayNames) && v.arrayNames.every(isStr) ? (v.arrayNames as string[]) : [p.payload.name];
      const s = isRecord(v.settings) ? v.settings : {};
      const settings = {
        colormap: isStr(s.colormap) ? s.colormap : DEFAULT_SETTINGS.colormap,
        decimals: typeof s.decimals === 'number' && Number.isFinite(s.decimals) ? s.decimals : DEFAULT_SETTINGS.decimals,
        convention: isOneOf(CONVENTIONS, s.convention) ? s.convention : DEFAULT_SETTINGS.convention,
      };
      // `initial` and `ui` are only checked for being objects here: the panel merges them
      // field by field (state.ts), ignoring what does not fit.
      const message: LoadMessage = { type: 'load', fileName: v.fileName, arrayNames: names, array: p.payload, settings };
      if (isStr(v.uri)) message.uri = v.uri;
      if (v.reason === 'open' || v.reason === 'restore' || v.reason === 'refresh' || v.reason === 'select' || v.reason === 'reload') message.reason = v.reason;
      if (isRecord(v.initial)) message.initial = v.initial as NonNullable<LoadMessage['initial']>;
      if (v.ui !== undefined) message.ui = v.ui;
      return { ok: true, message };
    }
    case 'loadError':
      if (!isStr(v.message)) return { ok: false, reason: 'loadError: message is missing' };
      return { ok: true, message: { type: 'loadError', fileName: isStr(v.fileName) ? v.fileName : '', message: v.message } };
    case 'notice':
      if (!isStr(v.message)) return { ok: false, reason: 'notice: message is missing' };
      return { ok: true, message: { type: 'notice', level: v.level === 'warn' || v.level === 'error' ? v.level : 'info', message: v.message } };
    case 'setParams':
      if (!isRecord(v.params)) return { ok: false, reason: 'setParams: params is not an object' };
      return { ok: true, message: { type: 'setParams', params: v.params as Extract<HostMessage, { type: 'setParams' }>['params'] } };
    case 'reply':
      if (!isInt(v.requestId) || typeof v.ok !== 'boolean') return { ok: false, reason: 'reply: requestId or ok is missing' };
      return { ok: true, message: { type: 'reply', requestId: v.requestId, ok: v.ok, ...(isStr(v.message) ? { message: v.message } : {}) } };
    default:
      return { ok: false, reason: `unknown message type '${v.type.slice(0, 64)}'` };
  }
}
