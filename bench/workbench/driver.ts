// The extension-host half of the workbench benchmark (bench/workbench/run.mjs loads it as the
// extensionTestsPath). It only does what the runner cannot: run our command. The runner, which
// sees the webview, decides when to go on; they talk over the server's /__bench/ routes.
import * as vscode from 'vscode';
import { type FloorStep, runFloor } from './transportFloor';

interface Step {
  /** A workspace file to open in a panel; absent: the benchmark is over. */
  file?: string;
  /** The same bytes under another name, never read before: what a first read of the file costs. */
  cold?: string;
  /** A transport floor to measure instead (bench/workbench/transport.mjs). */
  floor?: FloorStep;
}

/** The host's copy counts and load times, when the build has the test command (ExtensionMode.Test). */
async function loadStats(reset: boolean): Promise<unknown> {
  try {
    return await vscode.commands.executeCommand('poolingLens.test.loadStats', reset);
  } catch {
    return null; // a build without them
  }
}

export async function run(): Promise<void> {
  // The web extension host is a worker on the server's origin (as test/vscode/suite/screenshot.ts).
  const origin = (globalThis as { origin?: string }).origin;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!origin || !folder) throw new Error('bench driver: no server origin or no workspace folder');
  const ask = async (route: string, body?: unknown): Promise<Step> => {
    const response = await fetch(`${origin}/__bench/${route}`, { method: 'POST', body: JSON.stringify(body ?? null) });
    if (!response.ok) throw new Error(`bench driver: /__bench/${route} answered ${response.status}`);
    return (await response.json()) as Step;
  };
  let report: { copies: unknown; t0: number; readMs: number; coldReadMs: number | null } | null = null;
  for (;;) {
    const step = await ask('next', report);
    report = null;
    if (step.floor) {
      await runFloor(step.floor, folder, ask);
      continue;
    }
    if (!step.file) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await ask('closed');
    await loadStats(true);
    const uri = vscode.Uri.joinPath(folder, step.file);
    const t0 = Date.now();
    const opened = vscode.commands.executeCommand('poolingLens.open', uri);
    // The runner times from t0 (wall clock, as the webview's performance.timeOrigin + now()).
    await ask('issued', { t0 });
    await opened;
    const copies = await loadStats(false);
    // What reading the file alone costs here. test-web's file system fetches a file over HTTP on
    // its first read and keeps it: a second read of the same file is a cached one, the read of a
    // never-read copy is what the panel's own first read had to wait for.
    const r0 = Date.now();
    await vscode.workspace.fs.readFile(uri);
    const readMs = Date.now() - r0;
    let coldReadMs: number | null = null;
    if (step.cold) {
      const c0 = Date.now();
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, step.cold));
      coldReadMs = Date.now() - c0;
    }
    report = { copies, t0, readMs, coldReadMs };
  }
}
