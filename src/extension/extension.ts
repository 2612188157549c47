import * as vscode from 'vscode';
import { registerHover } from './hover/provider';
import { LogRecorder, recordingChannel } from './logRecorder';
import { PanelManager } from './panel/manager';
import { PANEL_VIEW_TYPE } from './panel/vscodePanel';
import { registerCommands } from './commands';
import { registerCustomEditor } from './customEditor';
import { DebugCommands } from './debug/commands';
import { registerLayerHover } from './hover/layerPanel';
import { PoolingStatusBar } from './statusBar';
import { registerTestCommands } from './testCommands';

export function activate(context: vscode.ExtensionContext): void {
  const recorder = new LogRecorder();
  const log = recordingChannel(vscode.window.createOutputChannel('Pooling Lens', { log: true }), recorder);
  const statusBar = new PoolingStatusBar();
  const panels = new PanelManager(context.extensionUri, log, statusBar);
  registerHover(context, log);

  context.subscriptions.push(
    log,
    statusBar,
    panels,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panels),
    ...registerCommands(panels, log),
    registerCustomEditor(panels),
    new DebugCommands(panels, log),
    ...registerLayerHover(panels, log),
  );
  // Only the tests' VS Code (run with extensionTestsPath) gets the poolingLens.test.* commands;
  // production builds do not even contain them.
  if (POOLING_LENS_TEST_HOOKS && context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(...registerTestCommands(panels, context.extensionUri, recorder));
  }
}

export function deactivate(): void {}
