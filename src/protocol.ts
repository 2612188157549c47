/**
 * Messages between the extension host and the Pooling Lens webview.
 *
 * One union per direction. The webview is untrusted from the host's point of view:
 * every incoming message goes through `parseWebviewMessage`, which returns a typed
 * message or a reason it was rejected. The webview checks what the host sends with
 * `parseHostMessage` (both directions live here). Arrays cross the boundary once, as
 * ArrayBuffers (structured clone), never as JSON numbers.
 */
import { MAX_CHUNKS } from './chunks';
import { countCopy } from './copies';
import { CONVENTIONS, type Convention } from './core/conventions';
import { POOL_MODES, type PoolMode } from './core/types';
import { isInt, isIntArrayUpTo, isOneOf, isRecord, isString, isStringUpTo } from './guards';

export const PROTOCOL_VERSION = 1;

// ---------- shared lists and limits ----------

export { CONVENTIONS, POOL_MODES };
export type { Convention, PoolMode };
export const EXPORT_FORMATS = ['npy', 'csv', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const AUTO_PADS = ['valid', 'same', 'same-lower'] as const;
export type AutoPad = (typeof AUTO_PADS)[number];
export const POOL_KINDS = ['window', 'adaptive', 'global'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];
export const LOG_LEVELS = ['info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Largest text the webview may ask the host to copy (the host refuses more). */
export const MAX_COPY_CHARS = 4 * 1024 * 1024;
/** Decimals shown in cells: the `poolingLens.decimals` setting's range and default. */
export const DECIMALS = { min: 0, max: 8, default: 3 } as const;

// ---------- shared shapes ----------

/** What the UI asks the core to do. The same shape is used for export, so the host recomputes. */
export interface PoolRequest {
  /** Axes of the input (in its own order) that are spatial, 1 to 3 of them, ascending. */
  spatialAxes: number[];
  /** For every non-spatial axis (in order), the index shown; export ignores it and pools all. */
  kind: PoolKind;
  mode: PoolMode;
  kernel: number[];
  /** null: the convention's default. */
  stride: number[] | null;
  padding: number[] | [number, number][] | AutoPad;
  dilation: number[];
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;
  p: number;
  /** adaptive only; null keeps that dim. */
  outputSize: (number | null)[];
}

/** What the panel knows of an array besides its values. */
export interface ArrayHeader {
  name: string;
  dtype: string;
  shape: number[];
  /** 'float32' → Float32Array view of buffer, 'float64' → Float64Array. */
  storage: 'float32' | 'float64';
  image?: { width: number; height: number; channels: 1 | 2 | 3 | 4; bitDepth: number };
  precisionLoss?: boolean;
}

/** The array as it crosses the boundary in one message. */
export interface ArrayPayload extends ArrayHeader {
  /**
   * Holds the values at `byteOffset` (prod(shape) of them); it may hold more around them (the
   * file's header): the host posts a file's own buffer rather than copy it. See payloadValues.
   */
  buffer: ArrayBuffer;
  byteOffset: number;
}

/**
 * A large array announced by 'loadStart': its values follow in `chunkCount` 'loadChunk'
 * messages carrying `loadId` (src/chunks.ts), `totalBytes` in all (prod(shape) values).
 */
export interface ChunkedArray extends ArrayHeader {
  loadId: number;
  totalBytes: number;
  chunkCount: number;
  /**
   * The smallest and largest value (NaNs skipped; null: all NaN), so rows drawn before the rest
   * arrives have their final colours. Absent: it comes with a later chunk, any one up to the last
   * (the host works it out in slices while the chunks travel), or not at all when the last chunk
   * went first (the full frame has its own statistics); no rows are drawn before it.
   */
  range?: ValueRange | null;
}

export type ValueRange = { min: number; max: number };

/** An explanation shown above the grids (the tutorial's); dismissible. */
export interface PanelIntro {
  title: string;
  paragraphs: string[];
  /** Formulas with this input's numbers; `correct: false` marks a common mistake. */
  formulas?: { label: string; text: string; value: string; correct: boolean }[];
}

/** State the webview persists with `vscode.setState`; the serializer restores from `uri`. */
export interface PanelState {
  version: 1;
  uri: string;
  /** Member of an .npz, if any. */
  arrayName?: string;
  /** UI-owned (parameters, view, selection); opaque to the host. */
  ui?: unknown;
}

// ---------- host → webview ----------

/** What a load says besides the array. */
export interface LoadFields {
  fileName: string;
  /** The file's URI as text: the webview keeps it in `PanelState.uri` so the serializer can re-read the file. */
  uri?: string;
  /** Why this load was sent: 'refresh' (file changed on disk) and 'select' (another npz member) keep the UI's parameters. */
  reason?: 'open' | 'restore' | 'refresh' | 'select' | 'reload';
  /** Names of every array in the file (npz members); `array` is the selected one. */
  arrayNames: string[];
  /** Initial parameters (settings, tutorial, or restored state). */
  initial?: Partial<PoolRequest> & { convention?: Convention };
  ui?: unknown;
  settings: { colormap: string; decimals: number; convention: Convention };
  intro?: PanelIntro;
}

/** A load as the panel's session keeps it: everything but the values. */
export type LoadHeader = LoadFields & { array: ArrayHeader };

export type HostMessage =
  | (LoadFields & { type: 'load'; array: ArrayPayload })
  /** A large array: the header now, the values in 'loadChunk' messages (a later load abandons it). */
  | (LoadFields & { type: 'loadStart'; array: ChunkedArray })
  /** Part `index` of load `loadId`: `bytes` go at byte `offset` of its values. */
  | { type: 'loadChunk'; loadId: number; index: number; offset: number; bytes: Uint8Array; range?: ValueRange | null }
  /** `pending`: not an error, the source has no data yet (a debugger value waiting for a stop); the message says why. */
  | { type: 'loadError'; fileName: string; message: string; uri?: string; pending?: boolean }
  /** Non-fatal: e.g. the file changed on disk and could not be re-read; the panel keeps what it shows. */
  | { type: 'notice'; level: LogLevel; message: string }
  | { type: 'setParams'; params: Partial<PoolRequest> & { convention?: Convention } }
  | ReplyMessage;

// ---------- requests and their replies ----------
// A webview message with a `requestId` is a request; the host answers it with one 'reply'
// carrying the same id. The webview remembers which request an id belongs to, so each reply is
// checked and typed as the reply to that request (`Replies`), not as a generic outcome.

/** The reply to 'export': `message` says where the file was saved, or why it was not. */
export type ExportReply = { ok: true; message: string } | { ok: false; message: string };
/** The reply to 'copyText': `message` confirms the copy, or says why it was refused. */
export type CopyReply = { ok: true; message: string } | { ok: false; message: string };

/** Each request's reply. */
export interface Replies {
  export: ExportReply;
  copyText: CopyReply;
}
export type RequestType = keyof Replies;
export type RequestMessage<K extends RequestType = RequestType> = Extract<WebviewMessage, { type: K }>;
/** A reply as it travels: the request's id and that request's reply. */
export type ReplyMessage<K extends RequestType = RequestType> = { type: 'reply'; requestId: number } & Replies[K];

export function isRequest(m: WebviewMessage): m is RequestMessage {
  return m.type === 'export' || m.type === 'copyText';
}

/** An outcome with a message: what both replies are made of today. */
function parseOutcome(v: Record<string, unknown>): Parsed<{ ok: boolean; message: string }> {
  if (typeof v.ok !== 'boolean') return { ok: false, reason: 'ok must be a boolean' };
  if (!isString(v.message)) return { ok: false, reason: 'message must be a string' };
  return { ok: true, value: { ok: v.ok, message: v.message } };
}

/** Checks a reply's body against the request it answers. */
export const REPLY_PARSERS: { [K in RequestType]: (v: Record<string, unknown>) => Parsed<Replies[K]> } = {
  export: (v) => parseOutcome(v) as Parsed<ExportReply>,
  copyText: (v) => parseOutcome(v) as Parsed<CopyReply>,
};

// ---------- webview → host ----------

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'export'; requestId: number; format: ExportFormat; request: PoolRequest; pngRange?: [number, number] }
  | { type: 'copyText'; requestId: number; text: string }
  | { type: 'selectArray'; name: string }
  | { type: 'openOther' }
  /** After each redraw: what is on screen, for the status bar and for tests of the wiring. */
  | { type: 'rendered'; input: number[]; output: number[] | null; outputSample: number[]; error: string | null }
  | { type: 'log'; level: LogLevel; message: string };

// ---------- validation (host side) ----------

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_TEXT = 16 * 1024 * 1024;
const MAX_DIMS = 32;
const isText = (v: unknown, maxLen = MAX_TEXT): v is string => isStringUpTo(v, maxLen);
const isInts = (v: unknown, maxLen = MAX_DIMS): v is number[] => isIntArrayUpTo(v, maxLen);

/** Checks structure and types only; the core validates values (and names the bad parameter). */
export function parsePoolRequest(v: unknown): Parsed<PoolRequest> {
  if (!isRecord(v)) return { ok: false, reason: 'request is not an object' };
  if (!isInts(v.spatialAxes, 3) || v.spatialAxes.length === 0) return { ok: false, reason: 'spatialAxes must be 1 to 3 integers' };
  if (!isOneOf(POOL_KINDS, v.kind)) return { ok: false, reason: 'kind is invalid' };
  if (!isOneOf(POOL_MODES, v.mode)) return { ok: false, reason: 'mode is invalid' };
  if (!isInts(v.kernel)) return { ok: false, reason: 'kernel must be integers' };
  if (v.stride !== null && !isInts(v.stride)) return { ok: false, reason: 'stride must be integers or null' };
  const pad = v.padding;
  const padOk = isOneOf(AUTO_PADS, pad) || isInts(pad) || (Array.isArray(pad) && pad.length <= MAX_DIMS && pad.every((q) => isInts(q, 2) && q.length === 2));
  if (!padOk) return { ok: false, reason: 'padding is invalid' };
  if (!isInts(v.dilation)) return { ok: false, reason: 'dilation must be integers' };
  if (typeof v.ceilMode !== 'boolean') return { ok: false, reason: 'ceilMode must be a boolean' };
  if (typeof v.countIncludePad !== 'boolean') return { ok: false, reason: 'countIncludePad must be a boolean' };
  if (v.divisorOverride !== null && !isInt(v.divisorOverride)) return { ok: false, reason: 'divisorOverride must be an integer or null' };
  if (typeof v.p !== 'number' || Number.isNaN(v.p)) return { ok: false, reason: 'p must be a number' };
  if (!Array.isArray(v.outputSize) || v.outputSize.length > MAX_DIMS || !v.outputSize.every((o) => o === null || isInt(o))) {
    return { ok: false, reason: 'outputSize must be integers or null' };
  }
  return { ok: true, value: v as unknown as PoolRequest };
}

export function parseWebviewMessage(v: unknown): Parsed<WebviewMessage> {
  if (!isRecord(v) || !isText(v.type, 64)) return { ok: false, reason: 'message has no type' };
  switch (v.type) {
    case 'ready':
    case 'openOther':
      return { ok: true, value: { type: v.type } };
    case 'export': {
      if (!isInt(v.requestId)) return { ok: false, reason: 'export: requestId must be an integer' };
      if (!isOneOf(EXPORT_FORMATS, v.format)) return { ok: false, reason: 'export: format is invalid' };
      const req = parsePoolRequest(v.request);
      if (!req.ok) return { ok: false, reason: `export: ${req.reason}` };
      let pngRange: [number, number] | undefined;
      if (v.pngRange !== undefined) {
        const r = v.pngRange;
        if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x))) {
          return { ok: false, reason: 'export: pngRange must be two finite numbers' };
        }
        pngRange = [r[0] as number, r[1] as number];
      }
      return {
        ok: true,
        value: { type: 'export', requestId: v.requestId, format: v.format, request: req.value, ...(pngRange ? { pngRange } : {}) },
      };
    }
    case 'copyText':
      if (!isInt(v.requestId)) return { ok: false, reason: 'copyText: requestId must be an integer' };
      if (!isText(v.text)) return { ok: false, reason: 'copyText: text must be a string under 16 MiB' };
      return { ok: true, value: { type: 'copyText', requestId: v.requestId, text: v.text } };
    case 'selectArray':
      if (!isText(v.name, 4096)) return { ok: false, reason: 'selectArray: name must be a string' };
      return { ok: true, value: { type: 'selectArray', name: v.name } };
    case 'rendered': {
      if (!isInts(v.input) || !(v.output === null || isInts(v.output))) {
        return { ok: false, reason: 'rendered: input/output must be integer arrays' };
      }
      const sample = v.outputSample;
      if (!Array.isArray(sample) || sample.length > 4096 || !sample.every((x) => typeof x === 'number')) {
        return { ok: false, reason: 'rendered: outputSample must be at most 4096 numbers' };
      }
      if (!(v.error === null || isText(v.error, 64 * 1024))) return { ok: false, reason: 'rendered: error must be a string or null' };
      return { ok: true, value: { type: 'rendered', input: v.input, output: v.output, outputSample: sample as number[], error: v.error } };
    }
    case 'log':
      if (!isOneOf(LOG_LEVELS, v.level) || !isText(v.message, 64 * 1024)) {
        return { ok: false, reason: 'log: level or message is invalid' };
      }
      return { ok: true, value: { type: 'log', level: v.level, message: v.message } };
    default:
      return { ok: false, reason: `unknown message type '${v.type.slice(0, 64)}'` };
  }
}

/** The serializer's check on restored state: only a well-formed, current-version state is used. */
export function parsePanelState(v: unknown): PanelState | undefined {
  if (!isRecord(v) || v.version !== 1 || !isText(v.uri, 8192)) return undefined;
  const state: PanelState = { version: 1, uri: v.uri };
  if (isText(v.arrayName, 4096)) state.arrayName = v.arrayName;
  if (v.ui !== undefined) state.ui = v.ui;
  return state;
}

// ---------- validation (webview side) ----------
// Minimal checks on what the host sends: a malformed message is reported (and logged back to
// the host) rather than half-applied.

export type LoadMessage = Extract<HostMessage, { type: 'load' }>;

export type HostParse = { ok: true; message: HostMessage } | { ok: false; reason: string };

export const DEFAULT_SETTINGS: { colormap: string; decimals: number; convention: Convention } = {
  colormap: 'auto',
  decimals: DECIMALS.default,
  convention: 'pytorch',
};

/** Checks an ArrayPayload: the buffer must hold prod(shape) values of `storage` from `byteOffset` (0 when absent). */
export function checkPayload(v: unknown): { ok: true; payload: ArrayPayload } | { ok: false; reason: string } {
  if (!isRecord(v)) return { ok: false, reason: 'the array is missing' };
  const bad = checkHeader(v);
  if (bad) return { ok: false, reason: bad };
  if (!(v.buffer instanceof ArrayBuffer)) return { ok: false, reason: 'the array data did not arrive as an ArrayBuffer' };
  const byteOffset = v.byteOffset ?? 0;
  if (!isInt(byteOffset) || byteOffset < 0) return { ok: false, reason: 'the array byteOffset is not a non-negative integer' };
  const count = (v.shape as number[]).reduce((a, b) => a * b, 1);
  const bytes = count * (v.storage === 'float32' ? 4 : 8);
  if (v.buffer.byteLength - byteOffset < bytes) {
    return {
      ok: false,
      reason: `the array data has ${v.buffer.byteLength - byteOffset} bytes from offset ${byteOffset}, but shape [${(v.shape as number[]).join(', ')}] of ${v.storage} needs ${bytes}`,
    };
  }
  return { ok: true, payload: { ...(v as unknown as ArrayPayload), byteOffset } };
}

/**
 * The payload's values as a typed array: a view at `byteOffset` when it is aligned (no copy),
 * else one copy of just those bytes. The webview's only copy of the array (counted).
 */
export function payloadValues(p: ArrayPayload): Float32Array | Float64Array {
  const count = p.shape.reduce((a, b) => a * b, 1);
  const View = p.storage === 'float32' ? Float32Array : Float64Array;
  if (p.byteOffset % View.BYTES_PER_ELEMENT === 0) return new View(p.buffer, p.byteOffset, count);
  countCopy('webview', count * View.BYTES_PER_ELEMENT);
  return new View(p.buffer.slice(p.byteOffset, p.byteOffset + count * View.BYTES_PER_ELEMENT), 0, count);
}

/** The fields 'load' and 'loadStart' share; `arrayNames` is empty when the host sent none usable. */
function parseLoadFields(v: Record<string, unknown>): { ok: true; value: LoadFields } | { ok: false; reason: string } {
  if (!isString(v.fileName)) return { ok: false, reason: `${String(v.type)}: fileName is missing` };
  const arrayNames = Array.isArray(v.arrayNames) && v.arrayNames.every(isString) ? (v.arrayNames as string[]) : [];
  const s = isRecord(v.settings) ? v.settings : {};
  const settings = {
    colormap: isString(s.colormap) ? s.colormap : DEFAULT_SETTINGS.colormap,
    decimals: typeof s.decimals === 'number' && Number.isFinite(s.decimals) ? s.decimals : DEFAULT_SETTINGS.decimals,
    convention: isOneOf(CONVENTIONS, s.convention) ? s.convention : DEFAULT_SETTINGS.convention,
  };
  // `initial` and `ui` are only checked for being objects here: the panel merges them
  // field by field (state.ts), ignoring what does not fit.
  const fields: LoadFields = { fileName: v.fileName, arrayNames, settings };
  if (isString(v.uri)) fields.uri = v.uri;
  if (v.reason === 'open' || v.reason === 'restore' || v.reason === 'refresh' || v.reason === 'select' || v.reason === 'reload') fields.reason = v.reason;
  if (isRecord(v.initial)) fields.initial = v.initial as NonNullable<LoadFields['initial']>;
  if (v.ui !== undefined) fields.ui = v.ui;
  const intro = parseIntro(v);
  if (intro) fields.intro = intro;
  return { ok: true, value: fields };
}

/** Checks the parts of an array header both kinds of load carry. */
function checkHeader(v: Record<string, unknown>): string | null {
  if (!isString(v.name) || !isString(v.dtype)) return 'the array has no name or dtype';
  if (!Array.isArray(v.shape) || v.shape.length > 32 || !v.shape.every((n) => isInt(n) && n >= 0)) return 'the array shape is not a list of sizes';
  if (v.storage !== 'float32' && v.storage !== 'float64') return `unknown storage '${String(v.storage)}'`;
  if (v.image !== undefined) {
    const im = v.image;
    if (!isRecord(im) || !isInt(im.width) || !isInt(im.height) || !isInt(im.channels) || !isInt(im.bitDepth)) return 'the image description is malformed';
  }
  return null;
}

/** Checks a 'loadStart' header: `totalBytes` must be exactly prod(shape) values of `storage`. */
export function checkChunkedArray(v: unknown): { ok: true; array: ChunkedArray } | { ok: false; reason: string } {
  if (!isRecord(v)) return { ok: false, reason: 'the array is missing' };
  const bad = checkHeader(v);
  if (bad) return { ok: false, reason: bad };
  if (!isInt(v.loadId) || v.loadId < 0) return { ok: false, reason: 'the load id is not a non-negative integer' };
  const bytes = (v.shape as number[]).reduce((a, b) => a * b, 1) * (v.storage === 'float32' ? 4 : 8);
  if (v.totalBytes !== bytes)
    return {
      ok: false,
      reason: `the array announces ${String(v.totalBytes)} bytes, but shape [${(v.shape as number[]).join(', ')}] of ${v.storage} needs ${bytes}`,
    };
  if (!isInt(v.chunkCount) || v.chunkCount < 1 || v.chunkCount > MAX_CHUNKS)
    return { ok: false, reason: `the array announces ${String(v.chunkCount)} parts (1 to ${MAX_CHUNKS})` };
  if (!isRange(v.range)) return { ok: false, reason: 'the value range must be null or { min ≤ max }' };
  return { ok: true, array: v as unknown as ChunkedArray };
}

/** A value range as headers and chunks carry it: absent, null (all NaN) or { min ≤ max }. */
function isRange(r: unknown): r is ValueRange | null | undefined {
  return r === undefined || r === null || (isRecord(r) && typeof r.min === 'number' && typeof r.max === 'number' && r.min <= r.max);
}

export function parseHostMessage(v: unknown): HostParse {
  if (!isRecord(v) || !isString(v.type)) return { ok: false, reason: 'a message without a type' };
  switch (v.type) {
    case 'load': {
      const fields = parseLoadFields(v);
      if (!fields.ok) return fields;
      const p = checkPayload(v.array);
      if (!p.ok) return { ok: false, reason: `load: ${p.reason}` };
      const arrayNames = fields.value.arrayNames.length > 0 ? fields.value.arrayNames : [p.payload.name];
      return { ok: true, message: { ...fields.value, arrayNames, type: 'load', array: p.payload } };
    }
    case 'loadStart': {
      const fields = parseLoadFields(v);
      if (!fields.ok) return fields;
      const h = checkChunkedArray(v.array);
      if (!h.ok) return { ok: false, reason: `loadStart: ${h.reason}` };
      const arrayNames = fields.value.arrayNames.length > 0 ? fields.value.arrayNames : [h.array.name];
      return { ok: true, message: { ...fields.value, arrayNames, type: 'loadStart', array: h.array } };
    }
    case 'loadChunk': {
      if (!isInt(v.loadId) || !isInt(v.index) || v.index < 0 || !isInt(v.offset) || v.offset < 0)
        return { ok: false, reason: 'loadChunk: loadId, index and offset must be non-negative integers' };
      const raw = v.bytes;
      const bytes =
        raw instanceof ArrayBuffer ? new Uint8Array(raw) : ArrayBuffer.isView(raw) ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : null;
      if (!bytes) return { ok: false, reason: 'loadChunk: the data did not arrive as bytes' };
      if (!isRange(v.range)) return { ok: false, reason: 'loadChunk: the value range must be null or { min ≤ max }' };
      const chunk: Extract<HostMessage, { type: 'loadChunk' }> = { type: 'loadChunk', loadId: v.loadId, index: v.index, offset: v.offset, bytes };
      if (v.range !== undefined) chunk.range = v.range;
      return { ok: true, message: chunk };
    }
    case 'loadError':
      if (!isString(v.message)) return { ok: false, reason: 'loadError: message is missing' };
      return {
        ok: true,
        message: { type: 'loadError', fileName: isString(v.fileName) ? v.fileName : '', message: v.message, ...(v.pending === true ? { pending: true } : {}) },
      };
    case 'notice':
      if (!isString(v.message)) return { ok: false, reason: 'notice: message is missing' };
      return { ok: true, message: { type: 'notice', level: v.level === 'warn' || v.level === 'error' ? v.level : 'info', message: v.message } };
    case 'setParams':
      if (!isRecord(v.params)) return { ok: false, reason: 'setParams: params is not an object' };
      return { ok: true, message: { type: 'setParams', params: v.params as Extract<HostMessage, { type: 'setParams' }>['params'] } };
    case 'reply': {
      // The shape all replies share. A reply to a pending request is checked by webview/host.ts as that request's reply (`REPLY_PARSERS`) instead.
      if (!isInt(v.requestId)) return { ok: false, reason: 'reply: requestId is missing' };
      const body = parseOutcome(v);
      if (!body.ok) return { ok: false, reason: `reply: ${body.reason}` };
      return { ok: true, message: { type: 'reply', requestId: v.requestId, ...body.value } as ReplyMessage };
    }
    default:
      return { ok: false, reason: `unknown message type '${v.type.slice(0, 64)}'` };
  }
}

/** The `intro` of a host message, if well formed (the parts that are not are dropped). */
export function parseIntro(message: unknown): PanelIntro | undefined {
  if (!isRecord(message) || !isRecord(message.intro)) return undefined;
  const v = message.intro;
  if (!isString(v.title)) return undefined;
  const intro: PanelIntro = { title: v.title, paragraphs: Array.isArray(v.paragraphs) ? v.paragraphs.filter(isString) : [] };
  if (Array.isArray(v.formulas)) {
    intro.formulas = v.formulas
      .filter(isRecord)
      .filter((f) => isString(f.label) && isString(f.text) && isString(f.value) && typeof f.correct === 'boolean')
      .map((f) => ({ label: f.label as string, text: f.text as string, value: f.value as string, correct: f.correct as boolean }));
  }
  return intro;
}
