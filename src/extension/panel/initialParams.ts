/**
 * The parameters a new panel starts with: from the `poolingLens.defaults.*` settings (files) or
 * the `poolingLens.hover.*` settings (a literal opened from the hover). Pure.
 *
 * The webview merges `initial` per field and drops a per-dimension list whose length is not the
 * number of spatial dims, so numbers are expanded here to that many entries.
 */
import { POOL_MODES, type PoolMode } from '../../core/types';
import type { HoverSettings } from '../hover/settings';
import type { InitialParams } from './source';

export const DEFAULT_MODES: readonly PoolMode[] = POOL_MODES;

/** Raw values of `poolingLens.defaults.*` (any JSON a user may have typed). */
export interface RawDefaults {
  mode?: unknown;
  kernel?: unknown;
  stride?: unknown;
  padding?: unknown;
}

/**
 * Spatial dims the panel picks by itself for this shape: one for 1-D, else two
 * (webview/layout.ts detectLayout: the last two axes, or H, W of an image / channels-last array).
 */
export function defaultSpatialDims(shape: readonly number[]): number {
  return shape.length <= 1 ? 1 : 2;
}

const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** A number or a list of numbers, each ≥ min; undefined if the value has the wrong type. */
function asList(v: unknown, min: number): number[] | undefined {
  if (isInt(v, min)) return [v];
  if (Array.isArray(v) && v.length >= 1 && v.length <= 3 && v.every((x) => isInt(x, min))) return v as number[];
  return undefined;
}

/** `problems` name the settings that were ignored and why (for the log). */
export function initialFromDefaults(raw: RawDefaults, shape: readonly number[]): { initial: InitialParams | undefined; problems: string[] } {
  const problems: string[] = [];
  const initial: InitialParams = {};
  if (raw.mode !== undefined && raw.mode !== null) {
    if (typeof raw.mode === 'string' && (DEFAULT_MODES as readonly string[]).includes(raw.mode)) initial.mode = raw.mode as PoolMode;
    else problems.push(`mode: '${String(raw.mode)}' is not one of ${DEFAULT_MODES.join(', ')}; ignored`);
  }
  const lists: Record<'kernel' | 'stride' | 'padding', number[] | undefined> = { kernel: undefined, stride: undefined, padding: undefined };
  const mins = { kernel: 1, stride: 1, padding: 0 };
  for (const name of ['kernel', 'stride', 'padding'] as const) {
    const v = raw[name];
    if (v === undefined || v === null) continue;
    const list = asList(v, mins[name]);
    if (list) lists[name] = list;
    else problems.push(`${name}: ${JSON.stringify(v)} is not an integer ≥ ${mins[name]} or a list of 1 to 3 of them; ignored`);
  }
  // A 3-entry list pools the last three axes of an array that has them.
  const wants3d = Object.values(lists).some((l) => l?.length === 3);
  let d = defaultSpatialDims(shape);
  if (wants3d && shape.length >= 3) {
    d = 3;
    initial.spatialAxes = [shape.length - 3, shape.length - 2, shape.length - 1];
  }
  for (const name of ['kernel', 'stride', 'padding'] as const) {
    const list = lists[name];
    if (!list) continue;
    if (list.length === 1) {
      // A zero padding is left out, so conventions whose default is 'valid' keep it.
      if (name === 'padding' && list[0] === 0) continue;
      initial[name] = new Array<number>(d).fill(list[0]!);
    } else if (list.length === d) initial[name] = list.slice();
    else
      problems.push(
        `${name}: ${list.length} values do not fit an array pooled over ${d} dimension${d === 1 ? '' : 's'} (shape [${shape.join(', ')}]); ignored`,
      );
  }
  return { initial: Object.keys(initial).length > 0 ? initial : undefined, problems };
}

/** The hover's parameters, so the panel shows what the hover showed (1-D: along its length, else the last two axes). */
export function initialFromHover(settings: HoverSettings, shape: readonly number[]): InitialParams {
  const n = shape.length;
  const spatialAxes = n <= 1 ? [0] : [n - 2, n - 1];
  const each = (v: number): number[] => spatialAxes.map(() => v);
  return {
    convention: 'pytorch',
    spatialAxes,
    mode: settings.mode,
    kernel: each(settings.kernel),
    stride: each(settings.stride),
    padding: each(settings.padding),
  };
}
