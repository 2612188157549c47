/** All open panels: open or reveal by source (file, literal, tutorial), restore after a reload, and track the active one. */
import * as vscode from 'vscode';
import { parsePanelState } from '../../protocol';
import type { PanelSnapshot } from './controller';
import { attachPanel, livePanelResources, PANEL_VIEW_TYPE, webviewOptions } from './vscodePanel';
import type { PanelEntry, PanelServices, PanelSource } from './vscodePanel';
import type { PoolingStatusBar } from '../statusBar';
import { baseName } from '../uris';
import { pickSupportedFile } from '../pickFile';
import { errorMessage } from '../logger';
import { restoreLiteral } from '../literal/literalSource';
import { TUTORIAL_ID, tutorialSource } from '../tutorial/tutorial';
import { fileSource, readFileArrays } from './fileSource';
import { FileLoadError } from './load';
import { noteLoadStage } from './loadTimes';
import { parseSourceKey } from './source';

export const RESTORE_FAILED_MESSAGE =
  'This panel could not be restored: its saved state is missing or from another version. Open the file again with "Pooling Lens: Open File…".';

/** Extensions whose files may hold anything (package.json, notes.txt): checked before a panel opens. */
const CHECKED_EXTENSIONS = /\.(json|txt)$/i;

export type RestoreInit = Parameters<typeof attachPanel>[2];
export type DebugRestorer = (panel: vscode.WebviewPanel, target: { expression: string; layer?: string }, init: RestoreInit) => void;

/** What a restored panel keeps from its state: the UI and the array it showed. */
function restoreInit(parsed: NonNullable<ReturnType<typeof parsePanelState>>): RestoreInit {
  const init: RestoreInit = { reason: 'restore' };
  if (parsed.ui !== undefined) init.ui = parsed.ui;
  if (parsed.arrayName !== undefined) init.arrayName = parsed.arrayName;
  return init;
}

export class PanelManager implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private debugRestorer: DebugRestorer | undefined;
  /** Panels by source key (a file URI, or a literal / tutorial key); custom editors are not here. */
  private readonly byUri = new Map<string, PanelEntry>();
  private readonly entries = new Set<PanelEntry>();
  /** The panel that was active last (tests and the status bar ask about it). */
  private recent: PanelEntry | undefined;
  private readonly services: PanelServices;

  constructor(
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly statusBar: PoolingStatusBar,
  ) {
    this.services = {
      extensionUri,
      log,
      openOther: () => this.pickAndOpen(),
      changed: (entry) => this.changed(entry),
      disposed: (entry) => this.removed(entry),
    };
  }

  /** Opens `uri` in a panel, or reveals the panel that already shows it. */
  open(uri: vscode.Uri): PanelEntry {
    return this.openSource(fileSource(uri, this.log));
  }

  /**
   * Like `open`, but a .json or .txt file (which may hold anything) is read first, and if it is
   * not a numeric array the user gets a message instead of a panel. Undefined then.
   */
  async openChecked(uri: vscode.Uri): Promise<PanelEntry | undefined> {
    const existing = this.byUri.get(uri.toString());
    if (existing || !CHECKED_EXTENSIONS.test(baseName(uri))) return existing ? this.reveal(existing) : this.open(uri);
    try {
      return this.openSource(fileSource(uri, this.log, await readFileArrays(uri)));
    } catch (e) {
      const name = baseName(uri);
      const reason = e instanceof FileLoadError ? e.reason : errorMessage(e);
      const message = `${name} is not a numeric array, so there is nothing to pool (${reason.replace(/\.$/, '')}).`;
      this.log.warn(message);
      void vscode.window.showErrorMessage(`Pooling Lens: ${message}`);
      return undefined;
    }
  }

  /**
   * Opens `source` in a new panel, or reveals the panel that already shows it. `column`: where
   * (values from the debugger open beside the code, which each stop reveals).
   */
  openSource(source: PanelSource, column: vscode.ViewColumn = vscode.ViewColumn.Active): PanelEntry {
    const existing = this.byUri.get(source.key);
    if (existing) return this.reveal(existing);
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, source.title, column, {
      ...webviewOptions(this.services.extensionUri),
      // The webview keeps its UI in setState and gets the data again on 'ready'.
      retainContextWhenHidden: false,
    });
    if (POOLING_LENS_TEST_HOOKS) noteLoadStage('panel');
    this.log.info(`Opening ${source.key}`);
    return this.add(attachPanel(panel, source, { reason: 'open' }, this.services));
  }

  openTutorial(): PanelEntry {
    return this.openSource(tutorialSource());
  }

  /** The read-only custom editor (`poolingLens.editor`): the same panel UI in an editor VS Code owns. */
  attachEditor(panel: vscode.WebviewPanel, uri: vscode.Uri): PanelEntry {
    this.log.info(`Opening ${uri.toString(true)} in the Pooling Lens editor`);
    const entry = attachPanel(panel, fileSource(uri, this.log), { reason: 'open' }, this.services);
    this.entries.add(entry);
    this.recent = entry;
    this.changed(entry);
    return entry;
  }

  async pickAndOpen(): Promise<void> {
    const uri = await pickSupportedFile();
    if (uri) await this.openChecked(uri);
  }

  /**
   * `WebviewPanelSerializer`: the data is read again from the source named in the state (a file,
   * the document holding a literal, the tutorial), never taken from the state.
   */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = parsePanelState(state);
    const key = parsed ? parseSourceKey(parsed.uri) : undefined;
    let source: PanelSource | undefined;
    let failure = RESTORE_FAILED_MESSAGE;
    if (key?.kind === 'file') {
      try {
        source = fileSource(vscode.Uri.parse(key.uri, true), this.log);
      } catch (e) {
        this.log.warn(`Cannot restore a panel: '${key.uri.slice(0, 200)}' is not a URI (${String(e)})`);
      }
    } else if (key?.kind === 'literal') {
      try {
        source = await restoreLiteral(key.document, key.offset);
      } catch (e) {
        failure = `This panel showed an array literal that could not be found again: ${errorMessage(e)}`;
        this.log.warn(failure);
      }
    } else if (key?.kind === 'tutorial' && key.id === TUTORIAL_ID) {
      source = tutorialSource();
    } else if (key?.kind === 'debug' && parsed && this.debugRestorer) {
      const target = key.layer === undefined ? { expression: key.expression } : { expression: key.expression, layer: key.layer };
      this.debugRestorer(panel, target, restoreInit(parsed));
      return;
    }
    if (!parsed || !source) {
      this.log.warn('Restoring a Pooling Lens panel without a usable saved state');
      this.add(attachPanel(panel, undefined, { reason: 'restore', fatalMessage: failure }, this.services));
      return;
    }
    this.log.info(`Restoring ${source.key}`);
    this.attachRestored(panel, source, restoreInit(parsed));
  }

  /** Wires a restored panel to its source (the debugger's restorer builds its own source). */
  attachRestored(panel: vscode.WebviewPanel, source: PanelSource, init: RestoreInit): PanelEntry {
    return this.add(attachPanel(panel, source, init, this.services));
  }

  /** Debugger panels are rebuilt by the debugger commands (debug/commands.ts), which register here. */
  setDebugRestorer(restore: DebugRestorer): void {
    this.debugRestorer = restore;
  }

  /** The state tests assert on: the panel for `uri` if given, else the active one, else the last active. */
  snapshot(uri?: string): PanelSnapshot | undefined {
    const entry = uri !== undefined ? (this.byUri.get(uri) ?? [...this.entries].find((e) => e.key === uri)) : (this.activeEntry() ?? this.recent);
    return entry?.controller.snapshot();
  }

  /**
   * Hands `message` to the panel's controller exactly as its webview's onDidReceiveMessage does
   * (tests of untrusted messages). False when no panel matches.
   */
  async deliver(uri: string | undefined, message: unknown): Promise<boolean> {
    const entry = uri !== undefined ? this.byUri.get(uri) : (this.activeEntry() ?? this.recent);
    if (!entry) return false;
    await entry.controller.handleMessage(message);
    return true;
  }

  /** What is alive, for leak tests: panels tracked here and the resources their wiring holds. */
  resources(): { panels: number; panelsByUri: number; panelResources: number } {
    return { panels: this.entries.size, panelsByUri: this.byUri.size, panelResources: livePanelResources() };
  }

  dispose(): void {
    for (const entry of [...this.entries]) entry.panel.dispose();
  }

  private add(entry: PanelEntry): PanelEntry {
    this.entries.add(entry);
    if (entry.key !== undefined) this.byUri.set(entry.key, entry);
    this.recent = entry;
    this.changed(entry);
    return entry;
  }

  private reveal(entry: PanelEntry): PanelEntry {
    entry.panel.reveal();
    return entry;
  }

  private activeEntry(): PanelEntry | undefined {
    for (const entry of this.entries) if (entry.panel.active) return entry;
    return undefined;
  }

  private changed(entry: PanelEntry): void {
    if (!this.entries.has(entry)) return;
    if (entry.panel.active) this.recent = entry;
    const active = this.activeEntry();
    this.statusBar.show(active?.controller.snapshot());
  }

  private removed(entry: PanelEntry): void {
    this.entries.delete(entry);
    if (entry.key !== undefined && this.byUri.get(entry.key) === entry) this.byUri.delete(entry.key);
    if (this.recent === entry) this.recent = undefined;
    this.statusBar.show(this.activeEntry()?.controller.snapshot());
  }
}
