import * as vscode from 'vscode';
import { registerHover } from './hover/provider';
import { PanelManager } from './panel/manager';
import { PANEL_VIEW_TYPE } from './panel/vscodePanel';
import { activeSupportedUri } from './pickFile';
import { PoolingStatusBar } from './statusBar';
import { registerTestCommands } from './testCommands';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Pooling Lens', { log: true });
  const statusBar = new PoolingStatusBar();
  const panels = new PanelManager(context.extensionUri, log, statusBar);
  registerHover(context, log);

  context.subscriptions.push(
    log,
    statusBar,
    panels,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panels),
    vscode.commands.registerCommand('poolingLens.open', async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : activeSupportedUri();
      if (uri) panels.open(uri);
      else await panels.pickAndOpen();
    }),
    ...registerTestCommands(panels, context.extensionUri),
  );
}

export function deactivate(): void {}
