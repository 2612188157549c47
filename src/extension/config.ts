import * as vscode from 'vscode';
import type { Convention } from '../protocol';
import type { PanelSettings } from './panel/controller';

const CONVENTIONS: readonly Convention[] = ['pytorch', 'keras', 'onnx'];

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('poolingLens');
}

export function maxFileSizeMB(): number {
  const value = section().get<number>('maxFileSizeMB', 256);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 256;
}

/** Display defaults for a new panel (settings contributed elsewhere may be absent: defaults apply). */
export function panelSettings(): PanelSettings {
  const config = section();
  const colormap = config.get<string>('colormap', 'auto');
  const decimals = config.get<number>('decimals', 3);
  const convention = config.get<string>('convention', 'pytorch');
  return {
    colormap: typeof colormap === 'string' && colormap.length > 0 ? colormap : 'auto',
    decimals: Number.isInteger(decimals) && decimals >= 0 && decimals <= 12 ? decimals : 3,
    convention: (CONVENTIONS as readonly string[]).includes(convention) ? (convention as Convention) : 'pytorch',
  };
}
