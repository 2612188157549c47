/** All open panels: open or reveal by file, restore after a reload, and track the active one. */
import * as vscode from 'vscode';
import { parsePanelState } from '../../protocol';
import type { PanelSnapshot } from './controller';
import { attachPanel, PANEL_VIEW_TYPE, webviewOptions } from './vscodePanel';
import type { PanelEntry, PanelServices } from './vscodePanel';
import type { PoolingStatusBar } from '../statusBar';
import { baseName } from '../uris';
import { pickSupportedFile } from '../pickFile';

export const RESTORE_FAILED_MESSAGE =
  'This panel could not be restored: its saved state is missing or from another version. Open the file again with "Pooling Lens: Open File…".';

export class PanelManager implements vscode.Disposable, vscode.WebviewPanelSerializer {
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
    const existing = this.byUri.get(uri.toString());
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, baseName(uri), vscode.ViewColumn.Active, {
      ...webviewOptions(this.services.extensionUri),
      // The webview keeps its UI in setState and gets the data again on 'ready'.
      retainContextWhenHidden: false,
    });
    this.log.info(`Opening ${uri.toString(true)}`);
    return this.add(attachPanel(panel, uri, { reason: 'open' }, this.services));
  }

  async pickAndOpen(): Promise<void> {
    const uri = await pickSupportedFile();
    if (uri) this.open(uri);
  }

  /** `WebviewPanelSerializer`: the data is read again from the URI in the state, never taken from it. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = parsePanelState(state);
    let uri: vscode.Uri | undefined;
    if (parsed) {
      try {
        uri = vscode.Uri.parse(parsed.uri, true);
      } catch (e) {
        this.log.warn(`Cannot restore a panel: '${parsed.uri.slice(0, 200)}' is not a URI (${String(e)})`);
      }
    }
    if (!parsed || !uri) {
      this.log.warn('Restoring a Pooling Lens panel without a usable saved state');
      this.add(attachPanel(panel, undefined, { reason: 'restore', fatalMessage: RESTORE_FAILED_MESSAGE }, this.services));
      return;
    }
    this.log.info(`Restoring ${uri.toString(true)}`);
    const init: Parameters<typeof attachPanel>[2] = { reason: 'restore' };
    if (parsed.ui !== undefined) init.ui = parsed.ui;
    if (parsed.arrayName !== undefined) init.arrayName = parsed.arrayName;
    this.add(attachPanel(panel, uri, init, this.services));
  }

  /** The state tests assert on: the panel for `uri` if given, else the active one, else the last active. */
  snapshot(uri?: string): PanelSnapshot | undefined {
    const entry = uri !== undefined ? this.byUri.get(uri) : (this.activeEntry() ?? this.recent);
    return entry?.controller.snapshot();
  }

  dispose(): void {
    for (const entry of [...this.entries]) entry.panel.dispose();
  }

  private add(entry: PanelEntry): PanelEntry {
    this.entries.add(entry);
    if (entry.uri) this.byUri.set(entry.uri.toString(), entry);
    this.recent = entry;
    this.changed(entry);
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
    if (entry.uri && this.byUri.get(entry.uri.toString()) === entry) this.byUri.delete(entry.uri.toString());
    if (this.recent === entry) this.recent = undefined;
    this.statusBar.show(this.activeEntry()?.controller.snapshot());
  }
}
