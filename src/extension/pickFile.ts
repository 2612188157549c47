/** Which file `poolingLens.open` opens when it is not given one. */
import * as vscode from 'vscode';
import { isSupportedFileName, supportedExtensions, supportedFilesGlob } from './fileTypes';
import { baseName } from './uris';

const MAX_PICK_FILES = 5000;

/** The file of the active editor or tab (text, image preview, custom editor), if the panel can open it. */
export function activeSupportedUri(): vscode.Uri | undefined {
  const candidates: (vscode.Uri | undefined)[] = [vscode.window.activeTextEditor?.document.uri];
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) candidates.push(input.uri);
  return candidates.find((uri): uri is vscode.Uri => uri !== undefined && uri.scheme !== 'untitled' && isSupportedFileName(baseName(uri)));
}

/** A quick pick of the workspace's supported files (no node_modules); an open dialog without a workspace. */
export async function pickSupportedFile(): Promise<vscode.Uri | undefined> {
  const extensions = supportedExtensions();
  if (!vscode.workspace.workspaceFolders?.length) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Open in Pooling Lens',
      filters: { 'Arrays and images': extensions },
    });
    return picked?.[0];
  }
  const files = await vscode.workspace.findFiles(supportedFilesGlob(), '**/node_modules/**', MAX_PICK_FILES);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(`Pooling Lens: no supported files in this workspace (${extensions.map((e) => `.${e}`).join(', ')}).`);
    return undefined;
  }
  const items = files
    .map((uri) => {
      const relative = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      const slash = relative.lastIndexOf('/');
      return { label: baseName(uri), description: slash > 0 ? relative.slice(0, slash) : '', uri };
    })
    .sort((a, b) => (a.description + '/' + a.label).localeCompare(b.description + '/' + b.label));
  const choice = await vscode.window.showQuickPick(items, {
    title: 'Pooling Lens: open a file',
    placeHolder: 'An array or image to pool',
    matchOnDescription: true,
  });
  return choice?.uri;
}
