// WCAG contrast of what the workbench shows (e.g. our hover), measured by the web runner
// (test/vscode/run.mjs, GET /__runner/contrast) with test/browser/contrast.mjs: every
// visible text in the elements matching a selector, its colour and background composited
// as seen. Desktop runs have no runner: they get undefined and say so.
import * as vscode from 'vscode';

export interface TextContrast {
  text: string;
  where: string;
  fg: string;
  bg: string;
  ratio: number;
}

export async function measureContrast(selector: string, options: { settleMs?: number } = {}): Promise<TextContrast[] | undefined> {
  if (vscode.env.uiKind !== vscode.UIKind.Web) {
    console.log(`[contrast] ${selector} skipped: only the web runner can look at the workbench`);
    return undefined;
  }
  const origin = (globalThis as { origin?: string }).origin;
  if (!origin) throw new Error('contrast: the extension host has no origin to reach the runner');
  const settle = Math.max(0, Math.round(options.settleMs ?? 500));
  const response = await fetch(`${origin}/__runner/contrast?selector=${encodeURIComponent(selector)}&settleMs=${settle}`);
  if (!response.ok) throw new Error(`contrast ${selector} failed: HTTP ${response.status} ${await response.text()}`);
  const audit = (await response.json()) as { checked: TextContrast[] };
  return audit.checked;
}
