/// <reference types="mocha" />
// Smoke tests: the extension loads in a real VS Code and sees the test workspace.
import * as vscode from 'vscode';
import { deepEqual, equal, ok } from './assert';
import { screenshot } from './screenshot';
import { darkTheme, lightTheme, setColorTheme } from './theme';
import { workspacePath } from '../../../src/extension/uris';

const extensionId = 'pooling-lens.pooling-lens';

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return folder;
}

suite('Pooling Lens in VS Code', () => {
  test('the extension is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    ok(extension, `extension ${extensionId} is present`);
    await extension.activate();
    equal(extension.isActive, true, 'extension is active');
  });

  test('poolingLens.open is registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    ok(commands.includes('poolingLens.open'), 'poolingLens.open is among the registered commands');
  });

  test('the test commands are registered in this Test-mode host, and contributed by no manifest', async () => {
    const commands = await vscode.commands.getCommands(true);
    const registered = commands.filter((c) => c.startsWith('poolingLens.test.')).sort();
    deepEqual(
      registered,
      [
        'poolingLens.test.chunkedFrom',
        'poolingLens.test.engines',
        'poolingLens.test.injectMessage',
        'poolingLens.test.lastRendered',
        'poolingLens.test.loadStats',
        'poolingLens.test.logLines',
        'poolingLens.test.resources',
        'poolingLens.test.restorePanel',
      ],
      'registered test commands',
    );
    const contributed = (vscode.extensions.getExtension(extensionId)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    deepEqual(
      contributed.filter((c) => c.startsWith('poolingLens.test.')),
      [],
      'package.json lists no test command',
    );
  });

  test('the web extension host runs the WebAssembly kernels and the literal number reader (its CSP allows them)', async () => {
    const engines = await vscode.commands.executeCommand<{ poolingKernels: boolean; literalNumbers: boolean }>('poolingLens.test.engines');
    deepEqual(engines, { poolingKernels: true, literalNumbers: true }, 'both WebAssembly paths load in this host');
  });

  test('exports are named relative to the workspace folder', () => {
    const folder = workspaceFolder();
    equal(workspacePath(vscode.Uri.joinPath(folder.uri, 'out', 'a.pooled.npy')), 'out/a.pooled.npy', 'inside the workspace: relative');
    const elsewhere = vscode.Uri.parse('memfs:/elsewhere/a.pooled.npy');
    equal(workspacePath(elsewhere), elsewhere.toString(true), 'outside the workspace: the whole URI');
  });

  test('the workspace folder is open and readable with workspace.fs', async () => {
    const folder = workspaceFolder();
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'a.csv'));
    const rows = new TextDecoder().decode(bytes).trim().split('\n');
    deepEqual(rows[0]?.split(',').map(Number), [1, 2, 3, 4], 'first row of a.csv');
    equal(rows.length, 4, 'rows in a.csv');
  });

  test('the workbench shows the explorer and an editor (screenshot workbench-smoke)', async () => {
    const folder = workspaceFolder();
    const names = (await vscode.workspace.fs.readDirectory(folder.uri)).map(([name]) => name);
    ok(names.includes('m.json'), `m.json is listed in the workspace (got ${names.join(', ')})`);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'm.json'));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.view.explorer');
    equal(vscode.window.activeTextEditor?.document.uri.toString(), document.uri.toString(), 'm.json is the active editor');
    await screenshot('workbench-smoke', { settleMs: 1000 });
  });

  test('the workbench switches to a dark theme and back (screenshot workbench-smoke-dark)', async () => {
    await setColorTheme(darkTheme);
    equal(vscode.window.activeColorTheme.kind, vscode.ColorThemeKind.Dark, 'active theme kind after switching to dark');
    await screenshot('workbench-smoke-dark');
    await setColorTheme(lightTheme);
    equal(vscode.window.activeColorTheme.kind, vscode.ColorThemeKind.Light, 'active theme kind after switching back');
  });
});
