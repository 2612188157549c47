// One loaded array and everything the panel derives from it: created when data loads, so
// nothing in it is ever null. The array itself is handed to the panel's worker; the session
// keeps what the worker reported of it. A new load makes a new session (the old one's UI state
// may be carried over). No DOM.
import type { HostMessage, LoadHeader, LoadMessage, PanelState } from '../src/protocol';
import type { Problem } from './compute';
import type { GridContent } from './gridTypes';
import { channelAxisFor } from './layout';
import { ShownModel } from './shown';
import { applyHostParams, defaultUiState, sanitizeUiState, type UiState } from './state';
import type { GridName } from './views';

export type { LoadMessage };
export type LoadStartMessage = Extract<HostMessage, { type: 'loadStart' }>;

/** The cell hovered or selected. */
export interface Active {
  grid: GridName;
  cell: number[];
}

/** What the next frame changes (the worker recomputes only what did; these say which grids to dim meanwhile). */
export interface Dirty {
  /** The block shown (axes, indices, picture): both grids change. */
  block: boolean;
  /** Parameters or output colours: the output grid changes. */
  pool: boolean;
  /** The Compare view's columns (recomputed only while it is open). */
  compare: boolean;
}

export class Session {
  readonly model = new ShownModel();
  localProblems: Problem[] = [];
  hover: Active | null = null;
  dirty: Dirty = { block: true, pool: true, compare: true };
  inContent: GridContent | null = null;
  outContent: GridContent | null = null;

  constructor(
    readonly msg: LoadHeader,
    readonly uri: string,
    readonly shape: number[],
    public ui: UiState,
  ) {}

  get fileName(): string {
    return this.msg.fileName;
  }

  channelAxis(): number | null {
    return channelAxisFor(this.shape, this.ui.params.spatialAxes);
  }

  pictureAvailable(): boolean {
    return this.msg.array.image !== undefined || this.channelAxis() !== null;
  }

  /** The axis kept whole as the block's planes: the colour channels of an RGB picture. */
  planeAxis(): number | null {
    return this.ui.view.picture ? this.channelAxis() : null;
  }

  /** Which plane of the block the numbers (values, arithmetic) come from. */
  valuePlane(): number {
    const axis = this.planeAxis();
    return axis === null ? 0 : Math.min(this.ui.view.indices[axis] ?? 0, (this.shape[axis] ?? 1) - 1);
  }

  /** " (channel 1)" when the numbers shown are one channel of several (picture or not), else "". */
  channelLabel(): string {
    const axis = this.channelAxis();
    if (axis === null || (this.shape[axis] ?? 1) <= 1) return '';
    return ` (channel ${this.planeAxis() === null ? this.sliceIndex(axis) : this.valuePlane()})`;
  }

  /** The slice the grids show out of the non-spatial axes, e.g. "channel 1 of 3"; "" for a single plane. */
  sliceLabel(): string {
    const spatial = this.ui.params.spatialAxes;
    const channel = this.channelAxis();
    const parts: string[] = [];
    this.shape.forEach((size, a) => {
      if (spatial.includes(a) || size <= 1) return;
      const i = a === this.planeAxis() ? this.valuePlane() : this.sliceIndex(a);
      parts.push(a === channel ? `channel ${i} of ${size}` : `index ${i} of ${size} on axis ${a}`);
    });
    return parts.join(', ');
  }

  private sliceIndex(axis: number): number {
    return Math.min(this.ui.view.indices[axis] ?? 0, (this.shape[axis] ?? 1) - 1);
  }

  /** What the webview persists for this session. */
  panelState(): PanelState {
    return { version: 1, uri: this.uri, arrayName: this.msg.array.name, ui: this.ui };
  }
}

/**
 * The session for a `load`: its UI state is the previous session's (a refresh, another npz
 * member, a reload of the same file), the host's, the saved one, or the defaults.
 */
export function sessionFromLoad(m: LoadHeader, previous: Session | null, saved: PanelState | undefined): Session {
  const a = m.array;
  const shape = a.shape.slice();
  const uri = m.uri ?? saved?.uri ?? previous?.uri ?? '';
  const image = a.image ? { width: a.image.width, height: a.image.height, channels: a.image.channels } : undefined;
  const fallback = defaultUiState({
    shape,
    convention: m.settings.convention,
    colormap: m.settings.colormap,
    decimals: m.settings.decimals,
    ...(image ? { image } : {}),
  });
  if (m.initial) fallback.params = applyHostParams(fallback.params, m.initial, shape.length);
  const keep = (m.reason === 'refresh' || m.reason === 'select' || m.reason === 'reload') && previous !== null && previous.uri === uri;
  let ui: UiState;
  if (keep) ui = sanitizeUiState(previous.ui, shape, fallback);
  else if (m.ui !== undefined) ui = sanitizeUiState(m.ui, shape, fallback);
  else if (saved && saved.uri === uri && saved.ui !== undefined && (saved.arrayName === undefined || saved.arrayName === a.name))
    ui = sanitizeUiState(saved.ui, shape, fallback);
  else ui = fallback;
  return new Session(m, uri, shape, ui);
}
