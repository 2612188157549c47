/** The status bar item shown while a Pooling Lens panel is active: `input [5, 5] → output [2, 2]`. */
import * as vscode from 'vscode';
import type { PanelSnapshot } from './panel/controller';

const shape = (s: readonly number[]): string => `[${s.join(', ')}]`;

export function statusText(snapshot: PanelSnapshot): { text: string; tooltip: string } | undefined {
  if (snapshot.loadError !== undefined) {
    return { text: snapshot.pending ? '$(watch) Pooling Lens' : '$(error) Pooling Lens', tooltip: snapshot.loadError };
  }
  const r = snapshot.rendered;
  if (!r) return undefined;
  if (r.error !== null || r.output === null) {
    return { text: `$(warning) input ${shape(r.input)} → invalid parameters`, tooltip: r.error ?? 'No output' };
  }
  return {
    text: `$(symbol-array) input ${shape(r.input)} → output ${shape(r.output)}`,
    tooltip: `Pooling Lens: ${snapshot.fileName}${snapshot.arrayName && snapshot.arrayName !== snapshot.fileName ? ` (${snapshot.arrayName})` : ''}`,
  };
}

export class PoolingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('poolingLens.shapes', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Pooling Lens shapes';
  }

  show(snapshot: PanelSnapshot | undefined): void {
    const status = snapshot && statusText(snapshot);
    if (!status) {
      this.item.hide();
      return;
    }
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
