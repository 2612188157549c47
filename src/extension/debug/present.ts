/** How a value read from the debugger is shown: its panel name and header, pictures as images. Pure. */
import type { DebugLoadedArray } from '../../debug';
import type { LoadedArray } from '../../io';
import { DEBUG_PREFIX } from '../panel/source';
import { transpose } from '../panel/transpose';

export interface DebugTarget {
  /** The expression whose value is pooled (`x`, `batch[0]`). */
  expression: string;
  /** A pooling layer whose parameters the panel uses (`model.pool1`). */
  layer?: string;
}

/** One panel per expression (and layer). */
export function debugKey(target: DebugTarget): string {
  const q = new URLSearchParams({ expr: target.expression });
  if (target.layer !== undefined) q.set('layer', target.layer);
  return DEBUG_PREFIX + q.toString();
}

/** The tab title: `x`, or `model.pool1 on x`. */
export function debugTitle(target: DebugTarget): string {
  return target.layer !== undefined ? `${target.layer} on ${target.expression}` : target.expression;
}

export interface HeaderState {
  where: string | undefined;
  stale: string | undefined;
  following: boolean;
}

/** The header: `x @ train.py:42`, marked when frozen or stale. */
export function debugHeader(target: DebugTarget, state: HeaderState): string {
  let text = debugTitle(target);
  if (state.where) text += ` @ ${state.where}`;
  if (state.stale) text += ` (stale: ${state.stale})`;
  else if (!state.following) text += ' (frozen)';
  return text;
}

/**
 * An 8-bit PIL picture [H, W, C] becomes the [C, H, W] image the panel draws as a picture; other
 * values are shown as they are.
 */
export function forPanel(loaded: DebugLoadedArray): LoadedArray {
  const { picture, ...rest } = loaded;
  const shape = loaded.array.shape;
  const channels = shape[2];
  if (!picture || loaded.dtype !== 'uint8' || shape.length !== 3 || (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4)) return rest;
  return { ...rest, array: transpose(loaded.array, [2, 0, 1]), image: { width: shape[1]!, height: shape[0]!, channels, bitDepth: 8 } };
}
