import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('poolingLens.open', () => {
      void vscode.window.showInformationMessage('Pooling Lens: the panel is not built yet.');
    }),
  );
}

export function deactivate(): void {}
