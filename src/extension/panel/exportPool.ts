/**
 * Export: the host recomputes the output from the ORIGINAL data with the core (the webview's
 * numbers are never trusted for a file) and encodes it with the io writers.
 */
import { PoolingError } from '../../core';
import type { NDArray } from '../../core/types';
import { writeCsv, writeNpy, writePng } from '../../io';
import type { ExportFormat, PoolRequest } from '../../protocol';
import { requestOutputShape, runRequest } from '../../request';
import { inversePermutation, squeeze, transpose } from './transpose';

export interface PooledForExport {
  /** Leading (non-spatial) axes in input order, then the spatial axes: the core's layout. */
  pooled: NDArray;
  /** The same values with the axes back in the input's order. */
  output: NDArray;
  /** Number of spatial axes pooled. */
  spatialDims: number;
}

/** Axes order that moves `spatialAxes` last, keeping every other axis in order. */
export function spatialLastPermutation(ndim: number, spatialAxes: readonly number[]): number[] {
  if (spatialAxes.length < 1 || spatialAxes.length > 3) {
    throw new PoolingError(`spatialAxes must name 1 to 3 axes, got ${spatialAxes.length}`, 'spatialAxes');
  }
  for (let i = 0; i < spatialAxes.length; i++) {
    const a = spatialAxes[i]!;
    if (!Number.isInteger(a) || a < 0 || a >= ndim) {
      throw new PoolingError(`spatialAxes: axis ${a} does not exist in a ${ndim}-D array`, 'spatialAxes');
    }
    if (i > 0 && a <= spatialAxes[i - 1]!) {
      throw new PoolingError(`spatialAxes must be ascending and distinct, got [${spatialAxes.join(', ')}]`, 'spatialAxes');
    }
  }
  const spatial = new Set(spatialAxes);
  const leading: number[] = [];
  for (let a = 0; a < ndim; a++) if (!spatial.has(a)) leading.push(a);
  return [...leading, ...spatialAxes];
}

/** The request as core options (src/request: the panel's translation, so display equals export). */
export { toPoolOptions } from '../../request';

/**
 * Largest output an export computes. The request comes from the (untrusted) webview and the host's
 * memory is shared with the whole editor: an adaptive output of 16384×16384 float64 would be 2 GB.
 */
export const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

/** Refuses, before anything is computed, an export whose output would exceed MAX_EXPORT_BYTES. */
export function checkExportSize(movedShape: readonly number[], f32: boolean, req: PoolRequest): void {
  // Bad parameters are reported (naming the parameter) by the same call, before anything is pooled.
  const shape = requestOutputShape(movedShape, req);
  const cells = shape.reduce((a, b) => a * Math.max(0, b), 1);
  const bytes = cells * (f32 ? 4 : 8);
  if (bytes > MAX_EXPORT_BYTES) {
    throw new ExportFormatError(
      `The pooled output would be ${shapeText(shape)} = ${cells.toLocaleString('en-US')} values (${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MB), more than the ${MAX_EXPORT_BYTES / 2 ** 20} MB an export may hold. Use a larger stride or a smaller output size.`,
    );
  }
}

/** Pools every leading (batch, channel, …) index: what the panel shows for one slice, for all of them. */
export function computeExport(input: NDArray, req: PoolRequest): PooledForExport {
  const ndim = input.shape.length;
  const perm = spatialLastPermutation(ndim, req.spatialAxes);
  checkExportSize(
    perm.map((a) => input.shape[a]!),
    input.data instanceof Float32Array,
    req,
  );
  const moved = transpose(input, perm);
  const d = req.spatialAxes.length;
  const pooled = runRequest(moved, req);

  // Back to the input's axis order when the core kept every axis (it keeps spatial dims, maybe as 1s).
  const output = pooled.shape.length === ndim ? transpose(pooled, inversePermutation(perm)) : pooled;
  return { pooled, output, spatialDims: d };
}

/** Thrown for an output a format cannot hold; the message suggests another format. */
export class ExportFormatError extends Error {
  override name = 'ExportFormatError';
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

export function encodeExport(result: PooledForExport, format: ExportFormat, pngRange?: [number, number]): Uint8Array {
  switch (format) {
    case 'npy':
      return writeNpy(result.output);
    case 'csv': {
      const table = result.output.shape.length <= 2 ? result.output : squeeze(result.output);
      if (table.shape.length > 2) {
        throw new ExportFormatError(
          `CSV holds 1-D or 2-D data; this output is ${shapeText(result.output.shape)}. Export as .npy instead, or pool a single slice.`,
        );
      }
      return new TextEncoder().encode(writeCsv(table));
    }
    case 'png': {
      if (result.spatialDims !== 2) {
        throw new ExportFormatError(`PNG needs 2 spatial axes; this pooling has ${result.spatialDims}. Export as .npy instead.`);
      }
      const image = pngLayout(result.pooled);
      return writePng(image, pngRange ? { range: pngRange } : undefined);
    }
  }
}

/** [H, W] or [C, H, W] with C in 1, 3, 4, from leading axes then two spatial axes. */
function pngLayout(pooled: NDArray): NDArray {
  const shape = pooled.shape;
  const problem = `PNG holds a 2-D picture with 1, 3 or 4 channels; this output is ${shapeText(shape)}. Export as .npy instead.`;
  if (shape.length < 2) throw new ExportFormatError(problem);
  const spatial = shape.slice(-2);
  const leading = shape.slice(0, -2).filter((n) => n !== 1);
  if (leading.length === 0) return { shape: spatial, data: pooled.data };
  if (leading.length === 1 && [1, 3, 4].includes(leading[0]!)) return { shape: [leading[0]!, ...spatial], data: pooled.data };
  throw new ExportFormatError(problem);
}

/** `<stem>.pooled.<ext>` (with the npz member when the file holds several arrays). */
export function defaultExportName(fileName: string, format: ExportFormat, member?: string): string {
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const part = member ? `.${member.replace(/[^A-Za-z0-9_-]+/g, '_')}` : '';
  return `${stem}${part}.pooled.${format}`;
}
