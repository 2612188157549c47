/**
 * "Open With… → Pooling Lens" for .npy / .npz: a read-only custom editor showing the same panel
 * (same webview, same protocol) instead of the binary bytes.
 */
import * as vscode from 'vscode';
import type { PanelManager } from './panel/manager';

export const EDITOR_VIEW_TYPE = 'poolingLens.editor';

class ArrayDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

export function registerCustomEditor(panels: PanelManager): vscode.Disposable {
  const provider: vscode.CustomReadonlyEditorProvider<ArrayDocument> = {
    openCustomDocument: (uri) => new ArrayDocument(uri),
    resolveCustomEditor: (document, webviewPanel) => {
      panels.attachEditor(webviewPanel, document.uri);
    },
  };
  return vscode.window.registerCustomEditorProvider(EDITOR_VIEW_TYPE, provider, {
    // The webview keeps its UI in setState and gets the data again on 'ready'.
    webviewOptions: { retainContextWhenHidden: false },
    supportsMultipleEditorsPerDocument: true,
  });
}
