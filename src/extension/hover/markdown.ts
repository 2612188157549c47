/**
 * The hover's Markdown for an array literal: shapes, parameters and the pooled values as a table.
 * Pure (no vscode import), so it is unit-tested directly.
 */
import { PoolingError } from '../../core';
import { runRequest, toPoolOptions } from '../../request';
import type { NDArray, PoolOptions } from '../../core/types';
import { escapeMarkdown, formatShape } from './format';
import { describeParameters, hoverRequest, spatialDimsOf, type HoverSettings } from './settings';
import { planeTable } from './table';

/** Largest part of the output shown as a table; the rest is cut with ellipses. */
export const MAX_SHOWN = { rows: 12, cols: 12 } as const;

export type HoverPooling =
  | { ok: true; spatialDims: number; options: PoolOptions; output: NDArray }
  | { ok: false; spatialDims: number; options: PoolOptions; message: string };

/** Pools the literal with the hover settings; invalid parameters give the core's message. */
export function poolForHover(array: NDArray, settings: HoverSettings): HoverPooling {
  const spatialDims = spatialDimsOf(array.shape);
  const request = hoverRequest(settings, spatialDims, array.shape.length);
  const options = toPoolOptions(request);
  try {
    return { ok: true, spatialDims, options, output: runRequest(array, request) };
  } catch (e) {
    if (e instanceof PoolingError) return { ok: false, spatialDims, options, message: e.message };
    throw e;
  }
}

export function buildHoverMarkdown(array: NDArray, settings: HoverSettings): string {
  return renderHoverMarkdown(array, settings, poolForHover(array, settings));
}

export function renderHoverMarkdown(array: NDArray, settings: HoverSettings, pooled: HoverPooling): string {
  const parameters = describeParameters(settings, pooled.spatialDims);
  if (!pooled.ok) {
    return [`**Pooling Lens** · input \`${formatShape(array.shape)}\` · ${parameters}`, `⚠ Cannot pool: ${escapeMarkdown(pooled.message)}`].join('\n\n');
  }
  const { output } = pooled;
  return [
    `**Pooling Lens** · input \`${formatShape(array.shape)}\` → output \`${formatShape(output.shape)}\``,
    parameters,
    ...outputBlocks(output, pooled.spatialDims),
  ].join('\n\n');
}

/** The table of the output's first plane and the notes that go with it. */
function outputBlocks(output: NDArray, spatialDims: number): string[] {
  const shape = output.shape;
  const data = output.data;
  if (data.length === 0) return ['_The output is empty._'];
  if (spatialDims === 1 && shape.length === 1) {
    const length = shape[0]!;
    const table = planeTable(1, length, (_r, c) => data[c]!, MAX_SHOWN, false);
    const notes = table.truncated ? [`_Showing ${MAX_SHOWN.cols - 1} of ${length} values (… marks the cut)._`] : [];
    return [table.markdown, ...notes];
  }
  const rows = shape[shape.length - 2]!;
  const cols = shape[shape.length - 1]!;
  const table = planeTable(rows, cols, (r, c) => data[r * cols + c]!, MAX_SHOWN);
  const notes: string[] = [];
  const leading = shape.slice(0, -2);
  if (leading.length > 0) {
    const planes = leading.reduce((a, b) => a * b, 1);
    const index = [...leading.map(() => '0'), ':', ':'].join(', ');
    notes.push(`_Showing the first of ${planes} planes, \`[${index}]\` (leading dims \`${formatShape(leading)}\`)._`);
  }
  if (table.truncated) {
    const shownRows = Math.min(rows, MAX_SHOWN.rows - (rows > MAX_SHOWN.rows ? 1 : 0));
    const shownCols = Math.min(cols, MAX_SHOWN.cols - (cols > MAX_SHOWN.cols ? 1 : 0));
    notes.push(`_Showing ${shownRows} of ${rows} rows and ${shownCols} of ${cols} columns (… marks the cut)._`);
  }
  return [table.markdown, ...notes];
}
