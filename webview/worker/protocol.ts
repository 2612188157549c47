// What the panel's UI thread and its Web Worker say to each other (webview/workerClient.ts,
// webview/worker/main.ts). Plain data only: it crosses postMessage. The worker owns the array;
// the UI thread gets what it draws (rasters at most ~screen size) and the few values it labels.
import type { ChainLayer, LayerField } from '../../src/core/chain';
import type { ValueRange } from '../../src/protocol';
import type { ChainProblem } from '../chainCompute';
import type { Plan, Problem } from '../compute';
import type { LegendModel, PixelModes, PlaneGeom } from '../display';
import type { ExplainContent, Highlight } from '../overlays';
import type { Stats } from '../stats';
import type { Params, ViewState } from '../state';

/**
 * One plane as a grid draws it: one pixel per step × step cells (step 1 up to OVERVIEW_SIDE
 * cells a side), and the plane's values when it is small enough to send whole.
 */
export interface Raster {
  /** Which plane the worker rendered ('input', 'output', 'compare:pytorch', …) and in which frame. */
  source: string;
  frame: number;
  rows: number;
  cols: number;
  step: number;
  /** ceil(rows / step) × ceil(cols / step) packed RGBA. */
  pixels: Uint32Array;
  /** rows × cols values of the plane shown (numbers, hover), or null when it is too big to send. */
  values: Float32Array | Float64Array | null;
}

/** Cells [r0, r0 + rows) × [c0, c0 + cols) of a raster's plane, rendered at `step` (zoomed-in detail). */
export interface PatchRequest {
  source: string;
  frame: number;
  r0: number;
  c0: number;
  rows: number;
  cols: number;
  step: number;
}

export interface Patch extends PatchRequest {
  pixels: Uint32Array;
  /** Values of every cell in the patch when step is 1 and it is small; else null. */
  values: Float32Array | Float64Array | null;
}

export interface BlockInfo {
  /** Identifies the cut (spatial axes, other indices, plane axis). */
  key: string;
  /** [planes, ...spatial] */
  shape: number[];
  planes: number;
  spatialShape: number[];
  planeAxis: number | null;
}

export interface OutputInfo {
  params: Params;
  plan: Plan;
  /** The block it was pooled from (BlockInfo.key). */
  blockKey: string;
  planes: number;
  geom: PlaneGeom;
  stats: Stats;
  /** The first ≤ 4096 values of the plane shown (the `rendered` report). */
  sample: number[];
}

export interface FrameRequest {
  spatialAxes: number[];
  indices: number[];
  planeAxis: number | null;
  params: Params;
  /** Problems the form found; non-empty: keep the last output, pool nothing. */
  formProblems: Problem[];
  view: Pick<ViewState, 'depth' | 'outDepth' | 'picture' | 'colormap' | 'decimals'>;
  /** Which plane's numbers are shown. */
  valuePlane: number;
  bitDepth: number | undefined;
  /** The frame of the input raster the UI thread shows (-1: none): it is not sent again while it holds. */
  haveInput: number;
  /** Only the input: the first paint shows it before the pooling is done. */
  inputOnly?: boolean;
}

export interface FrameResult {
  block: BlockInfo;
  inputGeom: PlaneGeom;
  inputStats: Stats;
  out: OutputInfo | null;
  problems: Problem[];
  modes: PixelModes;
  /** null: the input raster the UI thread has (FrameRequest.haveInput) is still right. */
  input: Raster | null;
  output: Raster | null;
}

export interface LinkRequest {
  active: { grid: 'input' | 'output'; cell: number[] };
  valuePlane: number;
  decimals: number;
  depth: number;
  outDepth: number;
  channelLabel: string;
}

export interface LinkResult {
  inHighlight: Highlight | null;
  outHighlight: Highlight | null;
  content: ExplainContent | null;
}

/** One buffer the worker keeps between jobs (webview/worker/held.ts). */
export interface HeldBuffer {
  /** What keeps it: 'array', 'block', 'output', 'spare output', 'source:NAME', 'chain', 'core scratch'. */
  name: string;
  bytes: number;
}

/** What the test builds' hooks read of the worker (webview/testHooks.ts). */
export interface WorkerStats {
  poolCalls: number;
  frames: number;
  /** Every buffer the worker keeps between jobs (webview/worker/held.ts). */
  held: HeldBuffer[];
}

export interface CompareRequest {
  /** The frame whose output is compared (its parameters and block). */
  plane: number;
  depth: number;
  view: Pick<ViewState, 'colormap' | 'decimals'>;
  npyPath: string;
}

export type CompareColumn =
  | { framework: string; label: string; ok: false; reason: string }
  | {
      framework: string;
      label: string;
      ok: true;
      call: string;
      notes: string[];
      code: string;
      raster: Raster;
      /** Cells outlined as differing from the baseline, as r * cols + c. */
      marked: number[];
    };

export type CompareResult =
  | { kind: 'message'; text: string }
  | {
      kind: 'columns';
      columns: CompareColumn[];
      baselineLabel: string | null;
      differenceCount: number;
      reasons: { text: string; cells: number }[];
      /** Why each differing cell of the plane shown differs, keyed "r,c". */
      diffAt: [string, string[]][];
      legend: string;
      d: number;
      depth: number;
      decimals: number;
    };

export interface ChainRequest {
  layers: ChainLayer[];
  /** The plane whose numbers are shown (RGB pictures colour planes 0..2). */
  plane: number;
  /** The depth slice each level shows (input first), all 0 unless the chain has 3 axes. */
  depths: number[];
  view: Pick<ViewState, 'picture' | 'colormap' | 'decimals'>;
  bitDepth: number | undefined;
  planeAxis: number | null;
}

export interface ChainResultView {
  /** The block the chain pooled: [planes, ...spatial]. */
  blockShape: number[];
  dtype: 'float32' | 'float64';
  /** The block's values when small enough to paste into code (≤ 4096), else null (the code loads the .npy). */
  values: Float32Array | Float64Array | null;
  /** The input (level 0) and each layer that ran: its output's shape [planes, ...spatial] and the plane shown. */
  levels: { shape: number[]; raster: Raster }[];
  /** chainInfo of the layers that ran. */
  fields: LayerField[];
  stats: Stats;
  problem: ChainProblem | null;
  /** What the rasters show (the request's plane and depths). */
  plane: number;
  depths: number[];
  decimals: number;
}

/** A frame of a load still arriving: rasters of the whole planes, rows not yet there drawn as pending. */
export interface BandResult {
  inputGeom: PlaneGeom;
  /** Input rows drawn (the rest are pending), of inputGeom.rows. */
  inputRows: number;
  /** Output rows drawn, of outRowsTotal (0 while none is complete, or when these parameters are not pooled early). */
  outRows: number;
  outRowsTotal: number;
  modes: PixelModes;
  input: Raster;
  output: Raster | null;
}

/** The jobs the worker runs, by name: arguments and result. */
export interface Jobs {
  load: { args: { buffer: ArrayBuffer; byteOffset: number; storage: 'float32' | 'float64'; shape: number[] }; result: null };
  /** A chunked load begins: preallocate `totalBytes`, expect `chunkCount` chunks of load `loadId`. */
  loadBegin: {
    args: { loadId: number; storage: 'float32' | 'float64'; shape: number[]; totalBytes: number; chunkCount: number; range?: ValueRange | null };
    result: null;
  };
  /** One chunk, handed over; null: its load was abandoned. A chunk that does not fit fails the job (src/chunks.ts). */
  loadChunk: {
    args: { loadId: number; index: number; offset: number; bytes: Uint8Array; range?: ValueRange | null };
    result: { received: number; complete: boolean } | null;
  };
  loadAbandon: { args: { loadId: number }; result: null };
  /** While a chunked load arrives: the rows that did, and the output rows whose windows they complete; null once complete. */
  band: { args: FrameRequest; result: BandResult | null };
  frame: { args: FrameRequest; result: FrameResult };
  patch: { args: PatchRequest; result: Patch | null };
  link: { args: LinkRequest; result: LinkResult };
  copyValues: { args: { plane: number; maxChars: number }; result: { text: string | null; planeSize: number } | null };
  compare: { args: CompareRequest; result: CompareResult };
  /** The Chain view: every layer on the block shown (kept while block and layers hold), a raster per level. */
  chain: { args: ChainRequest; result: ChainResultView | null };
  /** Single values of shown planes too big to send whole (null: that plane is no longer shown). */
  cellValues: { args: { source: string; frame: number; r: number; c: number }[]; result: (number | null)[] };
  /** Test builds only: slow every pooling down, count the kernel calls, list the buffers kept. */
  testHooks: { args: { frameDelayMs?: number }; result: WorkerStats };
}

export type JobName = keyof Jobs;

export interface JobMessage<K extends JobName = JobName> {
  id: number;
  job: K;
  args: Jobs[K]['args'];
}

export type JobReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; problem: Problem };

export type { LegendModel };
