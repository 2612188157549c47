// Switches the workbench colour theme from a test (for screenshots in light and
// dark) and waits until VS Code has applied it.
import * as vscode from 'vscode';

export const lightTheme = 'Default Light Modern';
export const darkTheme = 'Default Dark Modern';
export const highContrastDarkTheme = 'Default High Contrast';
export const highContrastLightTheme = 'Default High Contrast Light';
/** VS Code's four built-in theme kinds, by the name of their default theme. */
export const themeKinds = [
  { kind: 'dark', theme: darkTheme },
  { kind: 'light', theme: lightTheme },
  { kind: 'hc-dark', theme: highContrastDarkTheme },
  { kind: 'hc-light', theme: highContrastLightTheme },
] as const;

export async function setColorTheme(theme: string): Promise<void> {
  const workbench = vscode.workspace.getConfiguration('workbench');
  if (workbench.get<string>('colorTheme') === theme) return; // no change event would come
  const applied = new Promise<void>((resolve) => {
    const subscription = vscode.window.onDidChangeActiveColorTheme(() => {
      subscription.dispose();
      resolve();
    });
  });
  await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await applied;
}
