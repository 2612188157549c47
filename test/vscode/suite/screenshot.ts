// Screenshots of the running workbench, for the README and for reviewing the UI.
// In VS Code for the Web the runner (test/vscode/run.mjs) serves
// GET <extension host origin>/__runner/screenshot/<name>?settleMs=N: it waits
// settleMs, shoots the whole page to media/screenshots/<name>.png and only then
// answers, so the test knows the shot is taken before it changes the UI again.
import * as vscode from 'vscode';

const namePattern = /^[a-z0-9][a-z0-9-]*$/;

export async function screenshot(name: string, options: { settleMs?: number } = {}): Promise<void> {
  if (!namePattern.test(name)) {
    throw new Error(`screenshot name "${name}" must be lowercase letters, digits and dashes`);
  }
  if (vscode.env.uiKind !== vscode.UIKind.Web) {
    console.log(`[screenshot] ${name} skipped: only the web runner takes screenshots`);
    return;
  }
  // The web extension host is a worker on the server's own origin (<uuid>.vscode.localhost).
  const origin = (globalThis as { origin?: string }).origin;
  if (!origin) throw new Error('screenshot: the extension host has no origin to reach the runner');
  const settle = Math.max(0, Math.round(options.settleMs ?? 500));
  const response = await fetch(`${origin}/__runner/screenshot/${name}?settleMs=${settle}`);
  if (!response.ok) {
    throw new Error(`screenshot ${name} failed: HTTP ${response.status} ${await response.text()}`);
  }
}
