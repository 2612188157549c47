// What the Compare view must show, computed by the pure module itself (src/compare, bundled
// by sourceBundle.mjs so the tests run the source, not a copy) with the panel's own request translation
// (src/request toPoolOptions). Shared by the Chromium spec (test/browser/compare.spec.mjs)
// and the workbench check (test/vscode/views.test.mjs).
import { source } from './sourceBundle.mjs';

const { compareFrameworks, toPoolOptions } = source;

export const FRAMEWORKS = ['pytorch', 'keras', 'onnx'];

/**
 * The comparison the panel computes for the block `input` ({ shape: [planes, ...spatial], data })
 * when its 2-D window request (defaults: avg, kernel 2, no padding; `request` overrides) is
 * read under `convention`.
 */
export function expectedComparison(input, request, convention, npyPath) {
  const req = {
    spatialAxes: [0, 1],
    kind: 'window',
    mode: 'avg',
    kernel: [3, 3],
    stride: [2, 2],
    padding: [0, 0],
    dilation: [1, 1],
    ceilMode: false,
    countIncludePad: convention === 'pytorch',
    divisorOverride: null,
    p: 2,
    outputSize: [null, null],
    ...request,
  };
  return compareFrameworks(input, toPoolOptions(req, convention), { from: convention, npyPath, maxCells: 2000 });
}

/** The tutorial matrix as the panel pools it: one plane of 1..25. */
export function tutorialBlock(ArrayType = Float64Array) {
  return { shape: [1, 5, 5], data: ArrayType.from({ length: 25 }, (_, i) => i + 1) };
}

/** A column's output (plane 0) as rows. */
export function columnRows(col) {
  const [, h, w] = col.output.shape;
  return Array.from({ length: h }, (_, r) => Array.from(col.output.data.subarray(r * w, (r + 1) * w)));
}

/**
 * The cells ("r,c") of plane 0 the view outlines in `col`: where it differs from the baseline
 * (the baseline column: every differing cell).
 */
export function outlinedCells(cmp, col) {
  const differsHere = (d) => {
    if (col.framework === cmp.baseline) return true;
    const v = d.values[col.framework];
    const b = d.values[cmp.baseline];
    return v == null || b == null || !(v === b || (Number.isNaN(v) && Number.isNaN(b)));
  };
  const [, h, w] = col.output.shape;
  return new Set(
    cmp.differences
      .filter(differsHere)
      .filter((d) => d.index[1] < h && d.index[2] < w)
      .map((d) => `${d.index[1]},${d.index[2]}`),
  );
}

/** The outlined cells of a grid as the panel's test hook reports them (`marked` rows). */
export function markedCells(marked) {
  return new Set(marked.flatMap((row, r) => row.flatMap((m, c) => (m ? [`${r},${c}`] : []))));
}
