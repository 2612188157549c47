// The panel's UI state (parameters, view, selection): its shape, its defaults, the
// conventions' defaults, and a sanitiser for state restored from disk or the host,
// which may be stale (another array, an older build). Pure.
import { AUTO_PADS, CONVENTIONS, DECIMALS, POOL_KINDS, POOL_MODES, type AutoPad, type Convention, type PoolRequest } from '../src/protocol';
import { isNonNegInt as nonNegInt, isOneOf, isRecord } from '../src/guards';
import { conventionDefaults } from '../src/core';
import type { PoolOptions } from '../src/core/types';
import { effectiveStride as requestStride, toPoolOptions as requestOptions } from '../src/request';
import { sanitizeChainState, type ChainState } from './chainState';
import { COLORMAPS, type ColormapName } from './colormap';
import { channelAxisFor, detectLayout, type ImageHint } from './layout';

export const UI_STATE_VERSION = 1;

export interface Params extends PoolRequest {
  convention: Convention;
}

/** A grid's camera: cells per CSS pixel and the cell at the canvas centre. */
export interface Camera {
  scale: number;
  cx: number;
  cy: number;
}

export interface ViewState {
  colormap: ColormapName | 'auto';
  decimals: number;
  /** Show RGB(A) / image data as a picture instead of a colormap. */
  picture: boolean;
  /** Index along every input axis; used for the non-spatial ones. */
  indices: number[];
  /** With 3 spatial dims: the depth slice shown in each grid. */
  depth: number;
  outDepth: number;
  /** null: fit to the pane. */
  input: Camera | null;
  output: Camera | null;
  /** The Compare frameworks view is open in place of the input/output grids (it pools three times). */
  compare: boolean;
  /** The Chain view is open in place of the grids (never together with Compare). */
  chain: boolean;
}

export interface Selection {
  grid: 'input' | 'output';
  /** Spatial coordinates (one per spatial axis). */
  cell: number[];
}

export interface UiState {
  version: 1;
  params: Params;
  view: ViewState;
  selection: Selection | null;
  /** The Chain view's layers and selection (its own version inside); null until first opened. */
  chain: ChainState | null;
}

export { CONVENTIONS, POOL_MODES as MODES } from '../src/protocol';

export interface ConventionInfo {
  label: string;
  /** One line on what this framework does when a parameter is left out; shown under the selector. */
  summary: string;
  strideDefault: 'kernel' | 'one';
  padding: 'zeros' | AutoPad;
  countIncludePad: boolean;
  /** The core's list of this framework's defaults and quirks. */
  notes: string[];
}

const SUMMARIES: Record<Convention, [string, string]> = {
  pytorch: ['PyTorch', 'stride = kernel · padding 0 · dilation 1 · ceil_mode False · count_include_pad True'],
  keras: ['Keras', "strides = pool_size · padding 'valid' · 'same' pads at the end and is not counted in averages"],
  onnx: ['ONNX', 'strides 1 · pads 0 · dilations 1 · ceil_mode 0 · count_include_pad 0'],
};

function conventionInfo(c: Convention): ConventionInfo {
  const d = conventionDefaults(c);
  return {
    label: SUMMARIES[c][0],
    summary: SUMMARIES[c][1],
    strideDefault: d.strideDefault,
    padding: d.paddingDefault === 'valid' ? 'valid' : 'zeros',
    countIncludePad: d.countIncludePad,
    notes: d.notes,
  };
}

export const CONVENTION_INFO: Record<Convention, ConventionInfo> = {
  pytorch: conventionInfo('pytorch'),
  keras: conventionInfo('keras'),
  onnx: conventionInfo('onnx'),
};

/** The stride the core gets: the explicit one, or the convention's default. */
export function effectiveStride(p: Params): number[] {
  return requestStride(p, p.convention) ?? p.kernel.slice();
}

/** Parameters for the core's `pool` (src/request's translation, with this panel's convention). */
export function toPoolOptions(p: Params): PoolOptions {
  return requestOptions(p, p.convention);
}

/** Parameters with a convention's defaults applied (mode, kernel and kind are kept). */
export function applyConvention(p: Params, c: Convention): Params {
  const info = CONVENTION_INFO[c];
  const d = p.spatialAxes.length;
  return {
    ...p,
    convention: c,
    stride: null,
    padding: info.padding === 'zeros' ? new Array<number>(d).fill(0) : info.padding,
    dilation: new Array<number>(d).fill(1),
    ceilMode: false,
    countIncludePad: info.countIncludePad,
    divisorOverride: null,
  };
}

/** Resizes every per-dimension parameter to `d` spatial dims, keeping what fits. */
export function resizeParams(p: Params, spatialAxes: number[]): Params {
  const d = spatialAxes.length;
  const tail = <T>(a: readonly T[], fill: T): T[] => {
    // Keep the trailing entries: the last dims are the ones a shorter list describes.
    const out = new Array<T>(d).fill(fill);
    for (let i = 1; i <= Math.min(d, a.length); i++) out[d - i] = a[a.length - i]!;
    return out;
  };
  return {
    ...p,
    spatialAxes,
    kernel: tail(p.kernel, 2),
    stride: p.stride ? tail(p.stride, 1) : null,
    padding: typeof p.padding === 'string' ? p.padding : (tail(p.padding as readonly (number | [number, number])[], 0) as number[] | [number, number][]),
    dilation: tail(p.dilation, 1),
    outputSize: tail(p.outputSize, null),
  };
}

export function defaultParams(spatialAxes: number[], convention: Convention): Params {
  const d = spatialAxes.length;
  const base: Params = {
    convention,
    spatialAxes,
    kind: 'window',
    mode: 'max',
    kernel: new Array<number>(d).fill(2),
    stride: null,
    padding: new Array<number>(d).fill(0),
    dilation: new Array<number>(d).fill(1),
    ceilMode: false,
    countIncludePad: true,
    divisorOverride: null,
    p: 2,
    outputSize: new Array<number | null>(d).fill(null),
  };
  return applyConvention(base, convention);
}

export interface LoadContext {
  shape: readonly number[];
  image?: ImageHint;
  convention: Convention;
  colormap: string;
  decimals: number;
}

export function defaultUiState(ctx: LoadContext): UiState {
  const layout = detectLayout(ctx.shape, ctx.image);
  const params = defaultParams(layout.spatialAxes, ctx.convention);
  return {
    version: 1,
    params,
    view: {
      colormap: (COLORMAPS as readonly string[]).includes(ctx.colormap) ? (ctx.colormap as ColormapName) : 'auto',
      decimals: clampDecimals(ctx.decimals),
      picture: ctx.image !== undefined,
      indices: ctx.shape.map(() => 0),
      depth: 0,
      outDepth: 0,
      input: null,
      output: null,
      compare: false,
      chain: false,
    },
    selection: null,
    chain: null,
  };
}

export function clampDecimals(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(DECIMALS.min, Math.min(DECIMALS.max, Math.round(v))) : DECIMALS.default;
}

function sanitizeSpatialAxes(v: unknown, ndim: number): number[] | null {
  if (!Array.isArray(v) || v.length < 1 || v.length > Math.min(3, Math.max(1, ndim))) return null;
  if (!v.every((a) => nonNegInt(a) && a < Math.max(1, ndim))) return null;
  for (let i = 1; i < v.length; i++) if ((v[i] as number) <= (v[i - 1] as number)) return null;
  return v as number[];
}

function intList(v: unknown, d: number, ok: (x: unknown) => boolean): number[] | null {
  return Array.isArray(v) && v.length === d && v.every(ok) ? (v as number[]) : null;
}

function sanitizePadding(v: unknown, d: number): Params['padding'] | null {
  if (typeof v === 'string') return isOneOf(AUTO_PADS, v) ? v : null;
  if (!Array.isArray(v) || v.length !== d) return null;
  if (v.every(nonNegInt)) return v as number[];
  if (v.every((q) => Array.isArray(q) && q.length === 2 && q.every(nonNegInt))) return v as [number, number][];
  return null;
}

/**
 * Merges a partial parameter set (settings, `setParams`, restored state) over `base`.
 * Values are checked for type and length only: the core judges them (and names the
 * parameter) so a bad value is shown at its control instead of being silently dropped.
 */
export function mergeParams(base: Params, raw: unknown, ndim: number): Params {
  if (!isRecord(raw)) return base;
  let p = base;
  if (isOneOf(CONVENTIONS, raw.convention)) p = { ...p, convention: raw.convention };
  const axes = sanitizeSpatialAxes(raw.spatialAxes, ndim);
  if (axes) p = resizeParams(p, axes);
  const d = p.spatialAxes.length;
  const out: Params = { ...p };
  if (isOneOf(POOL_KINDS, raw.kind)) out.kind = raw.kind;
  if (isOneOf(POOL_MODES, raw.mode)) out.mode = raw.mode;
  const isInt = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x);
  out.kernel = intList(raw.kernel, d, isInt) ?? out.kernel;
  if (raw.stride === null) out.stride = null;
  else out.stride = intList(raw.stride, d, isInt) ?? out.stride;
  out.padding = sanitizePadding(raw.padding, d) ?? out.padding;
  out.dilation = intList(raw.dilation, d, isInt) ?? out.dilation;
  if (typeof raw.ceilMode === 'boolean') out.ceilMode = raw.ceilMode;
  if (typeof raw.countIncludePad === 'boolean') out.countIncludePad = raw.countIncludePad;
  if (raw.divisorOverride === null || isInt(raw.divisorOverride)) out.divisorOverride = raw.divisorOverride as number | null;
  if (typeof raw.p === 'number' && !Number.isNaN(raw.p)) out.p = raw.p;
  if (Array.isArray(raw.outputSize) && raw.outputSize.length === d && raw.outputSize.every((o) => o === null || isInt(o))) {
    out.outputSize = raw.outputSize as (number | null)[];
  }
  return out;
}

/**
 * Parameters from the host (settings, `initial`, `setParams`): a new convention first
 * brings its defaults, then the given values are merged over them.
 */
export function applyHostParams(base: Params, raw: unknown, ndim: number): Params {
  if (!isRecord(raw)) return base;
  const c = raw.convention;
  const withConvention = isOneOf(CONVENTIONS, c) && c !== base.convention ? applyConvention(base, c) : base;
  return mergeParams(withConvention, raw, ndim);
}

function sanitizeCamera(v: unknown): Camera | null {
  if (!isRecord(v)) return null;
  const { scale, cx, cy } = v;
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) return null;
  if (typeof cx !== 'number' || typeof cy !== 'number' || !Number.isFinite(cx) || !Number.isFinite(cy)) return null;
  return { scale, cx, cy };
}

/**
 * A restored UI state made safe for the array now loaded: anything of the wrong
 * shape falls back to the defaults in `fallback`, indices are clamped, a selection
 * outside the array is dropped. Returns `fallback` for anything unrecognisable.
 */
export function sanitizeUiState(raw: unknown, shape: readonly number[], fallback: UiState): UiState {
  if (!isRecord(raw) || raw.version !== UI_STATE_VERSION) return fallback;
  const ndim = shape.length;
  const params = mergeParams(fallback.params, raw.params, ndim);
  const v = isRecord(raw.view) ? raw.view : {};
  const fv = fallback.view;
  const indices = shape.map((n, a) => {
    const x = Array.isArray(v.indices) ? v.indices[a] : undefined;
    return nonNegInt(x) ? Math.min(x, Math.max(0, n - 1)) : 0;
  });
  const view: ViewState = {
    colormap:
      typeof v.colormap === 'string' && (v.colormap === 'auto' || (COLORMAPS as readonly string[]).includes(v.colormap))
        ? (v.colormap as ViewState['colormap'])
        : fv.colormap,
    decimals: v.decimals === undefined ? fv.decimals : clampDecimals(v.decimals),
    picture: typeof v.picture === 'boolean' ? v.picture && (fv.picture || channelAxisFor(shape, params.spatialAxes) !== null) : fv.picture,
    indices,
    depth: nonNegInt(v.depth) ? v.depth : 0,
    outDepth: nonNegInt(v.outDepth) ? v.outDepth : 0,
    input: sanitizeCamera(v.input),
    output: sanitizeCamera(v.output),
    compare: typeof v.compare === 'boolean' ? v.compare : false,
    chain: false,
  };
  // One view at a time: Compare wins a state that claims both.
  view.chain = typeof v.chain === 'boolean' && v.chain && !view.compare;
  let selection: Selection | null = null;
  const s = raw.selection;
  if (isRecord(s) && (s.grid === 'input' || s.grid === 'output') && intList(s.cell, params.spatialAxes.length, nonNegInt)) {
    selection = { grid: s.grid, cell: (s.cell as number[]).slice() };
  }
  const chain = raw.chain === undefined || raw.chain === null ? null : sanitizeChainState(raw.chain, params.spatialAxes.length);
  return { version: 1, params, view, selection, chain };
}
