/** Reads the `poolingLens.defaults.*` settings (the parameters a new file panel starts with). */
import * as vscode from 'vscode';
import type { RawDefaults } from './panel/initialParams';

export function readDefaultParams(scope?: vscode.ConfigurationScope): RawDefaults {
  const c = vscode.workspace.getConfiguration('poolingLens.defaults', scope);
  return { mode: c.get('mode'), kernel: c.get('kernel'), stride: c.get('stride'), padding: c.get('padding') };
}
