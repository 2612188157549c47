// The Pooling Lens panel: builds the UI once, and on every load starts a session (the array,
// its UI state, the pipeline that pools it on every change with no round trip to the host).
// The host is asked only for what it must do: files, clipboard, save dialogs.
import { payloadValues, type ArrayPayload, type Convention, type CopyReply, type ExportFormat, type ExportReply } from '../src/protocol';
import { Arrival } from './arrival';
import { FRAMEWORK_LABEL, type Framework } from '../src/compare';
import { countCopy } from '../src/copies';
import { ActionsForm, DisplayForm } from './actions';
import { ChainView } from './chainView';
import { CompareView } from './compareView';
import { ParamsForm } from './controls';
import { DimsPanel } from './dims';
import { ExplainBar } from './explainbar';
import { codeToCopy, exportMessage, valuesToCopy } from './exportCopy';
import { formatShape } from './format';
import { HostLink, type PanelMessage } from './host';
import { showIntro } from './intro';
import { LiveSession } from './liveSession';
import { GridPane } from './pane';
import { Player } from './player';
import { sessionFromLoad, type LoadMessage, type LoadStartMessage, type Session } from './session';
import { Shell } from './shell';
import { installTestHooks, recordTimeline } from './testHooks';
import { WorkerClient } from './workerClient';
import type { UiState } from './state';
import { paneOf, type GridName, type PanelViews } from './views';
import { ViewTabs } from './viewTabs';

export class Panel {
  private readonly v: PanelViews;
  private readonly host: HostLink;
  private readonly player: Player;
  /** The loaded array's session; null until the first load. */
  private live: LiveSession | null = null;
  /** A chunked load still arriving (src/chunks.ts), until its last chunk is in. */
  private arrival: Arrival | null = null;
  /** Cuts, pools and renders off the UI thread; holds the webview's only copy of the array. */
  private readonly worker = new WorkerClient();

  constructor(root: HTMLElement) {
    // 'ready' goes first: the host starts posting the array (serializing it takes a while on a
    // large one) while the rest of the UI is built. Messages arrive in later tasks, after this
    // constructor has finished.
    this.host = new HostLink({
      message: (m) => this.onMessage(m),
      rejected: (raw, reason) => {
        // A load we cannot use must still end the spinner.
        const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
        if (type === 'load' || type === 'loadStart' || (type === 'loadChunk' && this.arrival?.loadId === (raw as { loadId?: unknown }).loadId)) {
          this.showLoadError(String((raw as { fileName?: unknown }).fileName ?? ''), `The panel received data it cannot use: ${reason}.`);
        }
      },
    });
    this.host.post({ type: 'ready' });
    const form = new ParamsForm({ onChange: (p, problems) => this.live?.onParams(p, problems) });
    const dims = new DimsPanel({
      onSpatialAxes: (axes) => this.live?.onSpatialAxes(axes),
      onIndex: (axis, i) => this.live?.onIndex(axis, i),
      onDepth: (grid, d) => this.live?.onDepth(grid, d),
      onPicture: (on) => this.live?.onPicture(on),
    });
    const display = new DisplayForm({
      onColormap: (name) => this.live?.updateView({ colormap: name as UiState['view']['colormap'] }, 'pixels'),
      onDecimals: (d) => this.live?.updateView({ decimals: d }, 'text'),
    });
    const actions = new ActionsForm({
      onExport: (f) => this.exportOutput(f),
      onCopyValues: () => void this.copyValues(),
      onCopyCode: (c) => this.copyCode(c),
    });
    const gridCallbacks = (grid: GridName) => ({
      onHover: (cell: { r: number; c: number } | null) => this.live?.link.onHover(grid, cell),
      onSelect: (cell: { r: number; c: number }) => this.live?.link.onSelect(grid, cell),
      onMove: (dr: number, dc: number) => this.live?.link.onMove(grid, dr, dc),
      onCamera: () => this.persist(),
    });
    const inputPane = new GridPane('Input', gridCallbacks('input'));
    const outputPane = new GridPane('Output', gridCallbacks('output'));
    const explainBar = new ExplainBar({
      onFirst: () => this.live?.step('first'),
      onPrev: () => this.live?.step(-1),
      onTogglePlay: () => this.player.toggle(),
      onNext: () => this.live?.step(1),
    });
    const compare = new CompareView({ onCopy: (f, code) => this.copyCompareCode(f, code) });
    const chain = new ChainView({
      onChange: (c) => this.live?.onChain(c),
      onPreset: (preset) => this.live?.onChainPreset(preset),
      onSelect: (cell) => this.live?.onChainSelect(cell),
      onCopy: (label, code) => this.copyChainCode(label, code),
    });
    const tabs = new ViewTabs((view) => this.live?.setView(view));
    this.player = new Player(explainBar, (delta) => this.live?.step(delta));
    const shell = new Shell(
      root,
      {
        sections: [
          ['Pooling', form.element],
          ['Dimensions', dims.element],
          ['Display', display.element],
          ['Export and copy', actions.element],
        ],
        grids: [inputPane.element, outputPane.element],
        explain: explainBar.element,
        tabs: tabs.element,
        compare: compare.element,
        chain: chain.element,
      },
      { onOpenOther: () => this.host.post({ type: 'openOther' }), onSelectArray: (name) => this.host.post({ type: 'selectArray', name }) },
    );
    this.v = { shell, form, dims, display, actions, inputPane, outputPane, explainBar, compare, chain, tabs };

    // VS Code switches the theme by changing the body's classes and variables.
    const themeObserver = new MutationObserver(() => {
      inputPane.grid.refreshTheme();
      outputPane.grid.refreshTheme();
      compare.refreshTheme();
      chain.refreshTheme();
    });
    themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

    if (POOLING_LENS_TEST_HOOKS) {
      const w = this.worker;
      installTestHooks(
        (grid) =>
          grid === 'input' || grid === 'output'
            ? paneOf(this.v, grid).grid
            : grid.startsWith('chain')
              ? chain.gridOf(Number(grid.slice(5)))
              : compare.gridOf(grid as Framework),
        () => ({
          settled: () => w.settled(),
          busy: () => w.busy(),
          stats: (frameDelayMs) => w.run('testHooks', frameDelayMs === undefined ? {} : { frameDelayMs }),
        }),
      );
    }
  }

  // ---------- host messages ----------

  private onMessage(m: PanelMessage): void {
    switch (m.type) {
      case 'load':
      case 'loadStart':
        this.load(m);
        showIntro(m.intro);
        break;
      case 'loadChunk':
        // A chunk of an abandoned load (a newer one began) is dropped.
        if (this.arrival?.loadId === m.loadId) this.arrival.chunk(m);
        break;
      case 'loadError':
        this.showLoadError(m.fileName, m.message, m.pending === true);
        break;
      case 'notice':
        this.v.shell.showNotice(m.message, m.level);
        break;
      case 'setParams':
        this.live?.onHostParams(m.params);
        break;
    }
  }

  private showLoadError(fileName: string, message: string, pending = false): void {
    this.arrival?.abandon();
    this.arrival = null;
    this.player.stop();
    this.v.shell.showError(fileName, message, pending);
  }

  private load(m: LoadMessage | LoadStartMessage): void {
    this.arrival?.abandon();
    this.arrival = null;
    const a = m.array;
    if (a.shape.length === 0) {
      this.showLoadError(m.fileName, `${a.name} is a single number (shape ()), so there is nothing to pool. Pooling needs at least one dimension.`);
      return;
    }
    const session = sessionFromLoad(m, this.live?.s ?? null, this.host.savedState());
    this.live?.dispose();
    if (m.type === 'load') this.handOver(m.array, session.shape);
    const live = new LiveSession(
      session,
      this.v,
      {
        persist: () => this.persist(),
        stopPlay: () => this.player.stop(),
        rendered: (s) => this.postRendered(s),
      },
      this.worker,
    );
    this.live = live;
    if (m.type === 'loadStart') {
      const arrival = new Arrival(m.array, this.worker, {
        request: () => live.pipeline.request(),
        band: (r) => live.pipeline.showBand(r),
        complete: () => {
          if (POOLING_LENS_TEST_HOOKS) recordTimeline({ kind: 'arrived', at: performance.now() });
          if (this.arrival === arrival) this.arrival = null;
          live.pipeline.release();
        },
        failed: (message) => {
          if (this.arrival !== arrival) return;
          this.arrival = null;
          this.showLoadError(m.fileName, `Could not load ${a.name}: ${message}`);
        },
      });
      this.arrival = arrival;
      live.pipeline.hold(() => arrival.changed());
    }
    const lossy = a.precisionLoss ? ' \u00b7 some int64 values rounded to float64' : '';
    const imageInfo = a.image ? ` \u00b7 ${a.image.width}\u00d7${a.image.height} image, ${a.image.channels} ch, ${a.image.bitDepth}-bit` : '';
    this.v.shell.showMain(m.fileName, `${a.dtype} \u00b7 ${formatShape(session.shape)}${imageInfo}${lossy}`, m.arrayNames, a.name);
    live.start();
  }

  /** An array posted whole: handed over, not copied (O(1)); from here it lives in the worker only. */
  private handOver(a: ArrayPayload, shape: number[]): void {
    // The values may sit at an offset in the file's own buffer (the host posts it uncopied).
    const values = payloadValues(a);
    void this.worker
      .run('load', { buffer: values.buffer as ArrayBuffer, byteOffset: values.byteOffset, storage: a.storage, shape }, [values.buffer as ArrayBuffer])
      .catch(() => {});
    // A buffer postMessage could not hand over would stay here as a second copy: count it, so
    // the tests and the workbench benchmark see it (a transferred buffer is detached, length 0).
    if (POOLING_LENS_TEST_HOOKS && values.buffer.byteLength !== 0) countCopy('webview', values.byteLength);
  }

  /** Saves the UI state (debounced); the cameras are read from the grids then, so pans and zooms are included. */
  private persist(): void {
    this.host.save(() => {
      const s = this.live?.s;
      if (!s) return null;
      s.ui.view.input = this.v.inputPane.grid.getCamera();
      s.ui.view.output = this.v.outputPane.grid.getCamera();
      return s.panelState();
    });
  }

  // ---------- reporting, export, copy ----------

  private postRendered(s: Session): void {
    this.host.post(s.model.rendered(s.shape));
  }

  /** Says in the status line that `label` is under way, then shows the host's reply there (and `detail` after a success). */
  private async ask(label: string, request: () => Promise<ExportReply | CopyReply>, detail?: string): Promise<void> {
    this.v.actions.setStatus(`${label}\u2026`);
    const reply = await request();
    this.v.actions.setStatus(reply.ok && detail ? `${reply.message} ${detail}` : reply.message, reply.ok ? 'info' : 'error');
  }

  private exportOutput(format: ExportFormat): void {
    const live = this.live;
    if (!live?.s.model.out) return;
    const msg = exportMessage(live.s, live.pipeline, format);
    if (msg) void this.ask(`Saving .${format}`, () => this.host.request(msg));
  }

  private async copyValues(): Promise<void> {
    const outcome = this.live && (await valuesToCopy(this.live.s, this.worker).catch((e: unknown) => ({ ok: false as const, message: String(e) })));
    if (!outcome) return;
    if (!outcome.ok) this.v.actions.setStatus(outcome.message, 'error');
    else {
      // A multi-channel output copies one plane: say which (the text itself stays plain values).
      const slice = this.live?.s.sliceLabel();
      const detail = slice ? `Values of ${slice} only (the one shown).` : undefined;
      void this.ask(slice ? `Copying values of ${slice}` : 'Copying values', () => this.host.request({ type: 'copyText', text: outcome.value }), detail);
    }
  }

  /** A Compare column's snippet, through the same clipboard path as the other copies. */
  private copyCompareCode(framework: Framework, code: string): void {
    void this.ask(`Copying ${FRAMEWORK_LABEL[framework]} code`, () => this.host.request({ type: 'copyText', text: code }));
  }

  /** The chain as code, through the same clipboard path as the other copies. */
  private copyChainCode(label: string, code: string): void {
    void this.ask(`Copying the chain as ${label}`, () => this.host.request({ type: 'copyText', text: code }));
  }

  private copyCode(convention: Convention): void {
    const outcome = this.live && codeToCopy(this.live.s, convention);
    if (!outcome) return;
    if (!outcome.ok) this.v.actions.setStatus(outcome.message, 'error');
    else void this.ask(`Copying ${convention} code`, () => this.host.request({ type: 'copyText', text: outcome.value }));
  }
}
