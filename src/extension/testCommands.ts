/**
 * Commands for the VS Code tests only (hidden from the palette in package.json): they let a
 * test see what a panel's webview shows and drive the serializer, which VS Code otherwise
 * calls only after a window reload.
 */
import * as vscode from 'vscode';
import type { PanelManager } from './panel/manager';
import { PANEL_VIEW_TYPE, webviewOptions } from './panel/vscodePanel';

export function registerTestCommands(panels: PanelManager, extensionUri: vscode.Uri): vscode.Disposable[] {
  return [
    // What the panel for `uri` (or the active / last active panel) shows: the last `rendered` message, errors, notices.
    vscode.commands.registerCommand('poolingLens.test.lastRendered', (uri?: unknown) =>
      panels.snapshot(typeof uri === 'string' ? uri : uri instanceof vscode.Uri ? uri.toString() : undefined),
    ),
    // Restores a panel from `state` exactly as the WebviewPanelSerializer would after a reload.
    vscode.commands.registerCommand('poolingLens.test.restorePanel', async (state: unknown) => {
      const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Pooling Lens', vscode.ViewColumn.Active, webviewOptions(extensionUri));
      await panels.deserializeWebviewPanel(panel, state);
    }),
  ];
}
