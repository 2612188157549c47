/**
 * Commands for the VS Code tests only (registered in ExtensionMode.Test, not in package.json): they let a
 * test see what a panel's webview shows, drive the serializer (which VS Code otherwise calls
 * only after a window reload), feed a panel untrusted messages, read the log and count what
 * panels hold, count copies of array data, chunk small arrays, and say which WebAssembly paths run.
 */
import * as vscode from 'vscode';
import { copyCounts, hostCopies, resetCopyCounts } from '../copies';
import { wasmKernelsActive } from '../core/kernels/wasm';
import { wasmNumbersActive } from '../io/literal/plainNumbers';
import type { LogRecorder } from './logRecorder';
import { lastLoadTimes } from './panel/loadTimes';
import { setChunkedFromBytes } from './panel/payload';
import type { PanelManager } from './panel/manager';
import { PANEL_VIEW_TYPE, webviewOptions } from './panel/vscodePanel';

const uriText = (uri: unknown): string | undefined => (typeof uri === 'string' ? uri : uri instanceof vscode.Uri ? uri.toString() : undefined);

export function registerTestCommands(panels: PanelManager, extensionUri: vscode.Uri, recorder: LogRecorder): vscode.Disposable[] {
  return [
    // Delivers `message` to the panel for `uri` (or the active one) as if its webview had posted it; false if no panel.
    vscode.commands.registerCommand('poolingLens.test.injectMessage', (uri: unknown, message: unknown) => panels.deliver(uriText(uri), message)),
    // The last lines written to the "Pooling Lens" output channel, and how many were written in all.
    vscode.commands.registerCommand('poolingLens.test.logLines', () => recorder.recent()),
    // Open panels and the disposables their wiring holds (0 and 0 once all are closed).
    vscode.commands.registerCommand('poolingLens.test.resources', () => panels.resources()),
    // What the panel for `uri` (or the active / last active panel) shows: the last `rendered` message, errors, notices.
    vscode.commands.registerCommand('poolingLens.test.lastRendered', (uri?: unknown) => panels.snapshot(uriText(uri))),
    // For bench/workbench: the host's copies of array data ({ host, count, bytes }) and when the last load was read and posted
    // (`times`), since the last reset; `reset` true starts afresh.
    vscode.commands.registerCommand('poolingLens.test.loadStats', (reset?: unknown) => {
      const counts = copyCounts();
      const times = lastLoadTimes(reset === true);
      if (reset === true) resetCopyCounts();
      return { host: hostCopies(counts), ...counts, times };
    }),
    // Arrays of at least `bytes` are posted in chunks from now on (a number > 0), or from the default size again (anything else).
    vscode.commands.registerCommand('poolingLens.test.chunkedFrom', (bytes?: unknown) => {
      setChunkedFromBytes(typeof bytes === 'number' && bytes > 0 ? bytes : undefined);
    }),
    // Whether this host runs the WebAssembly paths: the pooling kernels (hover previews, exports) and the literal number reader (the hover's parse).
    vscode.commands.registerCommand('poolingLens.test.engines', () => ({ poolingKernels: wasmKernelsActive(), literalNumbers: wasmNumbersActive() })),
    // Restores a panel from `state` exactly as the WebviewPanelSerializer would after a reload; `beside`
    // puts it in the column beside the editor (where debugger panels live, so a stop's source does not cover it).
    vscode.commands.registerCommand('poolingLens.test.restorePanel', async (state: unknown, beside?: unknown) => {
      const column = beside === true ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Pooling Lens', column, webviewOptions(extensionUri));
      await panels.deserializeWebviewPanel(panel, state);
    }),
  ];
}
