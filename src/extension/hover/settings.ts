/** The hover's pooling parameters (settings `poolingLens.hover.*`) and the request they make. */
import type { PoolMode } from '../../core/types';
import type { PoolRequest } from '../../protocol';

export type HoverMode = Extract<PoolMode, 'max' | 'min' | 'avg' | 'sum'>;
export const HOVER_MODES: readonly HoverMode[] = ['max', 'min', 'avg', 'sum'];

export interface HoverSettings {
  enabled: boolean;
  mode: HoverMode;
  kernel: number;
  stride: number;
  padding: number;
  /** Documents larger than this are skipped, to keep hovering cheap. */
  maxDocumentSizeKB: number;
}

export const DEFAULT_HOVER_SETTINGS: HoverSettings = {
  enabled: true,
  mode: 'max',
  kernel: 2,
  stride: 2,
  padding: 0,
  maxDocumentSizeKB: 1024,
};

/**
 * Settings from raw configuration values. Wrong types fall back to the defaults; numbers of the
 * right type are kept even when out of range, so the core's PoolingError can explain them.
 */
export function hoverSettingsFrom(raw: Partial<Record<keyof HoverSettings, unknown>>): HoverSettings {
  const d = DEFAULT_HOVER_SETTINGS;
  const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const mode = raw.mode;
  return {
    enabled: typeof raw.enabled === 'boolean' ? raw.enabled : d.enabled,
    mode: typeof mode === 'string' && (HOVER_MODES as readonly string[]).includes(mode) ? (mode as HoverMode) : d.mode,
    kernel: num(raw.kernel, d.kernel),
    stride: num(raw.stride, d.stride),
    padding: num(raw.padding, d.padding),
    maxDocumentSizeKB: num(raw.maxDocumentSizeKB, d.maxDocumentSizeKB),
  };
}

/** Spatial dims the hover pools: a 1-D literal along its length, anything else over its last two dims. */
export function spatialDimsOf(shape: readonly number[]): number {
  return shape.length <= 1 ? 1 : 2;
}

/** The hover's pooling as a request over the last `spatialDims` axes of a `ndim`-D literal. */
export function hoverRequest(settings: HoverSettings, spatialDims: number, ndim: number): PoolRequest {
  const each = (v: number): number[] => Array.from({ length: spatialDims }, () => v);
  return {
    spatialAxes: Array.from({ length: spatialDims }, (_, i) => Math.max(ndim, spatialDims) - spatialDims + i),
    kind: 'window',
    mode: settings.mode,
    kernel: each(settings.kernel),
    stride: each(settings.stride),
    padding: each(settings.padding),
    dilation: each(1),
    ceilMode: false,
    countIncludePad: true,
    divisorOverride: null,
    p: 2,
    outputSize: each(0).map(() => null),
  };
}

/** e.g. "max pool · kernel 2×2 · stride 2 · padding 0" */
export function describeParameters(settings: HoverSettings, spatialDims: number): string {
  const kernel = Array.from({ length: spatialDims }, () => String(settings.kernel)).join('×');
  return `${settings.mode} pool · kernel ${kernel} · stride ${settings.stride} · padding ${settings.padding}`;
}
