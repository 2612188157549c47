// The link job: for the hovered or selected cell, the window (or fed outputs) to highlight in
// the other grid and the explanation with the window's values, which only the worker holds.
import { linearIndex } from '../cells';
import { formatIndex, formatNumber } from '../format';
import { describeWindow, fedToHighlight, inputCellInfo, outputCellInfo, spansToHighlight, winnerOnGrid } from '../overlays';
import type { WorkerContext } from './context';
import type { LinkRequest, LinkResult } from './protocol';

export function linkJob(ctx: WorkerContext, req: LinkRequest): { result: LinkResult } {
  const none: LinkResult = { inHighlight: null, outHighlight: null, content: null };
  const out = ctx.model.linkable();
  const active = req.active;
  if (!out) return { result: none };
  const inShape = out.plan.geometry.inShape;
  const inPlaneSize = inShape.reduce((p, q) => p * q, 1);
  const plane = req.valuePlane;
  const inPlane = out.block.array.data.subarray(plane * inPlaneSize, (plane + 1) * inPlaneSize);
  const dec = req.decimals;
  if (active.grid === 'output' && active.cell.length === out.plan.outSpatial.length) {
    const cell = active.cell;
    const outPlane = Math.min(plane, out.block.planes - 1);
    const value = out.array.data[outPlane * out.geom.planeSize + linearIndex(cell, out.plan.outSpatial)] ?? NaN;
    const info = outputCellInfo(out.plan.geometry, out.params, cell, inPlane, value, dec);
    const note = [info.explanation.note, describeWindow(info.spans)].filter((t) => t).join(' ');
    return {
      result: {
        inHighlight: spansToHighlight(info.spans, req.depth, winnerOnGrid(info.winner, req.depth)),
        outHighlight: null,
        content: { head: `Output ${formatIndex(cell)}${req.channelLabel} = ${formatNumber(value, dec)}`, math: info.explanation.text, note },
      },
    };
  }
  if (active.grid === 'input' && active.cell.length === inShape.length) {
    const value = inPlane[linearIndex(active.cell, inShape)] ?? NaN;
    const info = inputCellInfo(out.plan.geometry, active.cell, value, dec, req.channelLabel);
    return {
      result: { inHighlight: null, outHighlight: fedToHighlight(info.fed, req.outDepth), content: { head: info.head, math: info.math, note: info.note } },
    };
  }
  return { result: none };
}
