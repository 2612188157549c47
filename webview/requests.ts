// What the panel sends the host for exports and copies. Pure.
import type { PoolRequest } from '../src/protocol';
import { sliceOffset, type PlaneGeom } from './display';
import { effectiveStride, type Params } from './state';

/** The parameters as the host recomputes them; the host does not know the convention, so the stride is explicit. */
export function poolRequest(p: Params): PoolRequest {
  return {
    spatialAxes: p.spatialAxes.slice(),
    kind: p.kind,
    mode: p.mode,
    kernel: p.kernel.slice(),
    stride: effectiveStride(p),
    padding: typeof p.padding === 'string' ? p.padding : (p.padding.map((q) => (Array.isArray(q) ? [q[0], q[1]] : q)) as PoolRequest['padding']),
    dilation: p.dilation.slice(),
    ceilMode: p.ceilMode,
    countIncludePad: p.countIncludePad,
    divisorOverride: p.divisorOverride,
    p: p.p,
    outputSize: p.outputSize.slice(),
  };
}

/**
 * One plane of an output as text: values at full precision, `, ` between columns, a
 * line per row, a blank line between depth slices. null when it would pass `maxChars`.
 */
export function valuesText(data: Float32Array | Float64Array, g: PlaneGeom, plane: number, maxChars: number): string | null {
  const lines: string[] = [];
  let chars = 0;
  for (let z = 0; z < g.depthCount; z++) {
    if (z > 0) lines.push('');
    for (let r = 0; r < g.rows; r++) {
      const off = sliceOffset(g, plane, z) + r * g.cols;
      const line = Array.from(data.subarray(off, off + g.cols), (v) => String(v)).join(', ');
      chars += line.length + 1;
      if (chars > maxChars) return null;
      lines.push(line);
    }
  }
  return lines.join('\n');
}
