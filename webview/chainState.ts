// The Chain view's part of the panel state: a stack of 2–5 pooling layers, each with its own
// parameters, and the selected cell of the last output. Its defaults, presets, the sanitiser
// for state restored from disk, and the translation to the core's ChainLayer. Pure.
import type { ChainLayer } from '../src/core/chain';
import type { PoolOptions } from '../src/core/types';
import { isInt, isNonNegInt, isOneOf, isRecord } from '../src/guards';
import type { Convention, PoolRequest } from '../src/protocol';
import { toPoolOptions } from '../src/request';

/** The panel's parameters (state.ts's Params; named structurally so state.ts can import this file). */
type PanelParams = PoolRequest & { convention: Convention };

export const CHAIN_STATE_VERSION = 1;
export const CHAIN_MIN_LAYERS = 2;
export const CHAIN_MAX_LAYERS = 5;

export const CHAIN_KINDS = ['window', 'adaptive', 'global'] as const;
export type ChainKind = (typeof CHAIN_KINDS)[number];
/** Window layers pool max, avg or LP; adaptive and global layers max or avg. */
export const CHAIN_MODES = ['max', 'avg', 'lp'] as const;
export type ChainMode = (typeof CHAIN_MODES)[number];

/** One layer as the view edits it: every field kept whatever the kind, so switching kinds loses nothing. */
export interface ChainLayerState {
  kind: ChainKind;
  mode: ChainMode;
  /** One entry per spatial axis (the panel's spatial axes). */
  kernel: number[];
  stride: number[];
  /** Symmetric padding per axis (PyTorch's `padding`). */
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
  /** avg: whether padding cells count in the divisor (PyTorch's default True). */
  countIncludePad: boolean;
  /** LP norm. */
  p: number;
  /** Adaptive output size per axis. */
  outputSize: number[];
}

export interface ChainState {
  version: 1;
  layers: ChainLayerState[];
  /** The selected cell of the last output (spatial coordinates, one per axis); null: none. */
  selected: number[] | null;
}

export const CHAIN_PRESETS = ['panel', 'resnet', 'vgg', 'text'] as const;
export type ChainPreset = (typeof CHAIN_PRESETS)[number];

export const PRESET_LABEL: Record<ChainPreset, string> = {
  panel: 'From the panel',
  resnet: 'ResNet stem',
  vgg: 'VGG',
  text: '1-D text',
};

export const PRESET_TITLE: Record<ChainPreset, string> = {
  panel: "Layer 1 takes the panel's current parameters, then a 2\u00d72 max pool",
  resnet: "ResNet's stem: max pool kernel 3, stride 2, padding 1, then a global average",
  vgg: "VGG's five 2\u00d72 max pools with stride 2",
  text: 'A 1-D chain for text: average over 3 (padding 1), max over 2 (stride 2), then a global max over time',
};

const fill = (d: number, v: number): number[] => new Array<number>(d).fill(v);

/** A window layer of `d` axes: kernel k, stride s, padding p, dilation 1. */
export function windowLayer(d: number, mode: ChainMode, k: number, s: number, p = 0): ChainLayerState {
  return {
    kind: 'window',
    mode,
    kernel: fill(d, k),
    stride: fill(d, s),
    padding: fill(d, p),
    dilation: fill(d, 1),
    ceilMode: false,
    countIncludePad: true,
    p: 2,
    outputSize: fill(d, 1),
  };
}

function globalLayer(d: number, mode: 'max' | 'avg'): ChainLayerState {
  return { ...windowLayer(d, mode, 2, 2), kind: 'global' };
}

/**
 * The panel's current parameters as a chain layer (explicit stride and symmetric padding);
 * what a chain layer cannot hold (min/sum modes, asymmetric or 'same' padding) becomes the
 * nearest it can, so the layer still starts from the user's kernel.
 */
export function layerFromParams(p: PanelParams): ChainLayerState {
  const d = p.spatialAxes.length;
  const o: PoolOptions = toPoolOptions(p, p.convention);
  const mode: ChainMode = p.mode === 'avg' || p.mode === 'lp' ? p.mode : 'max';
  const padding = Array.isArray(o.padding)
    ? (o.padding as readonly (number | readonly [number, number])[]).map((x) => (typeof x === 'number' ? x : x[0]))
    : fill(d, 0);
  const kind: ChainKind = p.kind === 'adaptive' ? 'adaptive' : p.kind === 'global' ? 'global' : 'window';
  return {
    kind,
    mode: kind !== 'window' && mode === 'lp' ? 'max' : mode,
    kernel: p.kernel.slice(),
    stride: (o.stride ?? p.kernel).slice(),
    padding,
    dilation: p.dilation.slice(),
    ceilMode: p.ceilMode,
    countIncludePad: p.countIncludePad,
    p: Number.isFinite(p.p) && p.p !== 0 ? p.p : 2,
    outputSize: p.outputSize.map((v, i) => v ?? Math.max(1, Math.floor((p.kernel[i] ?? 2) / 2))),
  };
}

/** The layers of a preset for data with `d` spatial axes. */
export function presetLayers(preset: ChainPreset, d: number, params: PanelParams): ChainLayerState[] {
  switch (preset) {
    case 'panel':
      return [layerFromParams(params), windowLayer(d, 'max', 2, 2)];
    case 'resnet':
      return [windowLayer(d, 'max', 3, 2, 1), globalLayer(d, 'avg')];
    case 'vgg':
      return Array.from({ length: 5 }, () => windowLayer(d, 'max', 2, 2));
    case 'text':
      return [windowLayer(d, 'avg', 3, 1, 1), windowLayer(d, 'max', 2, 2), globalLayer(d, 'max')];
  }
}

/** Presets that make sense for `d` spatial axes (the text chain is for 1-D data). */
export function presetsFor(d: number): ChainPreset[] {
  return CHAIN_PRESETS.filter((p) => p !== 'text' || d === 1);
}

export function defaultChainState(params: PanelParams): ChainState {
  return { version: CHAIN_STATE_VERSION, layers: presetLayers('panel', params.spatialAxes.length, params), selected: null };
}

/** Keeps the trailing `d` entries of a per-axis list (the last axes are the ones a shorter list describes). */
function tail(a: readonly number[], d: number, v: number): number[] {
  const out = fill(d, v);
  for (let i = 1; i <= Math.min(d, a.length); i++) out[d - i] = a[a.length - i]!;
  return out;
}

/** The chain resized to `d` spatial axes (the panel's spatial axes changed); the selection is dropped then. */
export function fitChain(chain: ChainState, d: number): ChainState {
  if (chain.layers.every((l) => l.kernel.length === d)) return chain;
  return {
    ...chain,
    selected: null,
    layers: chain.layers.map((l) => ({
      ...l,
      kernel: tail(l.kernel, d, 2),
      stride: tail(l.stride, d, 2),
      padding: tail(l.padding, d, 0),
      dilation: tail(l.dilation, d, 1),
      outputSize: tail(l.outputSize, d, 1),
    })),
  };
}

/** The core's ChainLayer for a layer of the view. */
export function toChainLayer(l: ChainLayerState): ChainLayer {
  if (l.kind === 'global') return { kind: 'global', mode: l.mode === 'lp' ? 'max' : l.mode, spatialDims: l.kernel.length };
  if (l.kind === 'adaptive') return { kind: 'adaptive', outputSize: l.outputSize.slice(), mode: l.mode === 'lp' ? 'max' : l.mode };
  const options: PoolOptions = {
    mode: l.mode,
    kernel: l.kernel.slice(),
    stride: l.stride.slice(),
    padding: l.padding.slice(),
    dilation: l.dilation.slice(),
    ceilMode: l.ceilMode,
  };
  if (l.mode === 'avg') options.countIncludePad = l.countIncludePad;
  if (l.mode === 'lp') options.p = l.p;
  return { kind: 'window', options };
}

export function toChainLayers(chain: ChainState): ChainLayer[] {
  return chain.layers.map(toChainLayer);
}

// ---------- restoring ----------

function intList(v: unknown, d: number): number[] | null {
  return Array.isArray(v) && v.length === d && v.every(isInt) ? (v as number[]).slice() : null;
}

/**
 * One restored layer, or null when it is not a layer of `d` axes. Values are checked for type
 * and length only: the core judges them and its message shows at the layer's controls.
 */
function sanitizeLayer(raw: unknown, d: number): ChainLayerState | null {
  if (!isRecord(raw) || !isOneOf(CHAIN_KINDS, raw.kind) || !isOneOf(CHAIN_MODES, raw.mode)) return null;
  const kernel = intList(raw.kernel, d);
  const stride = intList(raw.stride, d);
  const padding = intList(raw.padding, d);
  const dilation = intList(raw.dilation, d);
  const outputSize = intList(raw.outputSize, d);
  if (!kernel || !stride || !padding || !dilation || !outputSize) return null;
  if (typeof raw.ceilMode !== 'boolean' || typeof raw.countIncludePad !== 'boolean') return null;
  if (typeof raw.p !== 'number' || Number.isNaN(raw.p)) return null;
  // LP applies to window layers only; a restored adaptive/global LP layer is not one the view makes.
  if (raw.kind !== 'window' && raw.mode === 'lp') return null;
  return {
    kind: raw.kind,
    mode: raw.mode,
    kernel,
    stride,
    padding,
    dilation,
    ceilMode: raw.ceilMode,
    countIncludePad: raw.countIncludePad,
    p: raw.p,
    outputSize,
  };
}

/**
 * A restored chain made safe for data with `d` spatial axes: another version, a wrong layer
 * count or any unreadable layer gives null (the caller starts from the defaults); a selection
 * of the wrong length is dropped (the view clamps one that is out of range).
 */
export function sanitizeChainState(raw: unknown, d: number): ChainState | null {
  if (!isRecord(raw) || raw.version !== CHAIN_STATE_VERSION || !Array.isArray(raw.layers)) return null;
  if (raw.layers.length < CHAIN_MIN_LAYERS || raw.layers.length > CHAIN_MAX_LAYERS) return null;
  const layers: ChainLayerState[] = [];
  for (const l of raw.layers) {
    const s = sanitizeLayer(l, d);
    if (!s) return null;
    layers.push(s);
  }
  const sel = raw.selected;
  const selected = Array.isArray(sel) && sel.length === d && sel.every(isNonNegInt) ? (sel as number[]).slice() : null;
  return { version: CHAIN_STATE_VERSION, layers, selected };
}

// ---------- editing ----------

/** A new layer appended after the last: a 2×2 max pool. */
export function addLayer(chain: ChainState): ChainState {
  if (chain.layers.length >= CHAIN_MAX_LAYERS) return chain;
  const d = chain.layers[0]?.kernel.length ?? 2;
  return { ...chain, layers: [...chain.layers, windowLayer(d, 'max', 2, 2)], selected: null };
}

export function removeLayer(chain: ChainState, i: number): ChainState {
  if (chain.layers.length <= CHAIN_MIN_LAYERS || i < 0 || i >= chain.layers.length) return chain;
  return { ...chain, layers: chain.layers.filter((_, j) => j !== i), selected: null };
}

/** Swaps layer i with its neighbour (delta −1: up/earlier, +1: down/later). */
export function moveLayer(chain: ChainState, i: number, delta: -1 | 1): ChainState {
  const j = i + delta;
  if (i < 0 || j < 0 || i >= chain.layers.length || j >= chain.layers.length) return chain;
  const layers = chain.layers.slice();
  [layers[i], layers[j]] = [layers[j]!, layers[i]!];
  return { ...chain, layers, selected: null };
}

export function setLayer(chain: ChainState, i: number, layer: ChainLayerState): ChainState {
  if (i < 0 || i >= chain.layers.length) return chain;
  const layers = chain.layers.slice();
  layers[i] = layer;
  return { ...chain, layers };
}

/** Short text of a layer, e.g. "max k3 s2 p1", "adaptive avg → 7×7", "global avg". */
export function layerSummary(l: ChainLayerState): string {
  const v = (a: readonly number[]) => (a.every((x) => x === a[0]) ? String(a[0]) : a.join('\u00d7'));
  if (l.kind === 'global') return `global ${l.mode}`;
  if (l.kind === 'adaptive') return `adaptive ${l.mode} \u2192 ${l.outputSize.join('\u00d7')}`;
  const parts = [l.mode === 'lp' ? `LP p=${l.p}` : l.mode, `k${v(l.kernel)}`, `s${v(l.stride)}`];
  if (l.padding.some((x) => x !== 0)) parts.push(`p${v(l.padding)}`);
  if (l.dilation.some((x) => x !== 1)) parts.push(`d${v(l.dilation)}`);
  if (l.ceilMode) parts.push('ceil');
  return parts.join(' ');
}
