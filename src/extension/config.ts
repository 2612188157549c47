import * as vscode from 'vscode';
import { isOneOf } from '../guards';
import { CONVENTIONS, DECIMALS } from '../protocol';
import type { PanelSettings } from './panel/controller';

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
  const decimals = config.get<number>('decimals', DECIMALS.default);
  const convention = config.get<string>('convention', 'pytorch');
  return {
    colormap: typeof colormap === 'string' && colormap.length > 0 ? colormap : 'auto',
    decimals: Number.isInteger(decimals) && decimals >= DECIMALS.min && decimals <= DECIMALS.max ? decimals : DECIMALS.default,
    convention: isOneOf(CONVENTIONS, convention) ? convention : 'pytorch',
  };
}
