/**
 * The user-facing commands: Open File…, Visualize Pooling (Explorer / editor title / tab menus),
 * Pool Selection (editor, hover link) and Open Tutorial.
 */
import * as vscode from 'vscode';
import { OPEN_SELECTION_COMMAND, parseLiteralTarget } from './hover/links';
import { findLiteral } from './literal/find';
import { literalSource } from './literal/literalSource';
import type { Logger } from './logger';
import { errorDetail, errorMessage } from './logger';
import type { PanelManager } from './panel/manager';
import { activeSupportedUri } from './pickFile';
import { isSupportedFileName } from './fileTypes';
import { baseName } from './uris';

export const OPEN_COMMAND = 'poolingLens.open';
export const VISUALIZE_COMMAND = 'poolingLens.visualize';
export const OPEN_TUTORIAL_COMMAND = 'poolingLens.openTutorial';

const NO_LITERAL_MESSAGE =
  'Pooling Lens: no numeric array literal at the cursor. Put the cursor in (or select) a rectangular list of numbers such as [[1, 2], [3, 4]] or np.array([...]).';

export function registerCommands(panels: PanelManager, log: Logger): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(OPEN_COMMAND, async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : activeSupportedUri();
      if (uri) await panels.openChecked(uri);
      else await panels.pickAndOpen();
    }),
    // Menus pass the clicked file and, in the Explorer, every selected one.
    vscode.commands.registerCommand(VISUALIZE_COMMAND, async (arg?: unknown, selected?: unknown) => {
      const uris = menuUris(arg, selected);
      if (uris.length === 0) {
        await panels.pickAndOpen();
        return;
      }
      const unsupported = uris.filter((u) => !isSupportedFileName(baseName(u)));
      if (unsupported.length > 0) {
        void vscode.window.showWarningMessage(`Pooling Lens cannot open ${unsupported.map(baseName).join(', ')}: not an array or image format it reads.`);
      }
      for (const uri of uris.filter((u) => isSupportedFileName(baseName(u)))) await panels.openChecked(uri);
    }),
    vscode.commands.registerCommand(OPEN_SELECTION_COMMAND, (arg?: unknown) => openSelection(panels, arg, log)),
    vscode.commands.registerCommand(OPEN_TUTORIAL_COMMAND, () => {
      panels.openTutorial();
    }),
  ];
}

function menuUris(arg: unknown, selected: unknown): vscode.Uri[] {
  if (Array.isArray(selected) && selected.length > 0 && selected.every((u) => u instanceof vscode.Uri)) return selected as vscode.Uri[];
  if (arg instanceof vscode.Uri) return [arg];
  const active = activeSupportedUri();
  return active ? [active] : [];
}

async function findDocument(uri: string): Promise<vscode.TextDocument> {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
}

/**
 * `arg`: the hover link's `{ uri, start, end }`; otherwise (palette, editor context menu, which
 * passes the document's URI) the active editor's selection or cursor.
 */
export async function openSelection(panels: PanelManager, arg: unknown, log: Logger): Promise<void> {
  try {
    const target = parseLiteralTarget(arg);
    let document: vscode.TextDocument;
    let literal: ReturnType<typeof findLiteral>;
    if (target) {
      document = await findDocument(target.uri);
      literal = findLiteral(document.getText(), document.languageId, { start: target.start, end: target.start, active: target.start });
    } else {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('Pooling Lens: open a file with an array literal and put the cursor in it, then run Pool Selection.');
        return;
      }
      document = editor.document;
      const selection = editor.selection;
      literal = findLiteral(document.getText(), document.languageId, {
        start: document.offsetAt(selection.start),
        end: document.offsetAt(selection.end),
        active: document.offsetAt(selection.active),
      });
    }
    if (!literal) {
      void vscode.window.showWarningMessage(target ? 'Pooling Lens: there is no array literal there any more (the document changed).' : NO_LITERAL_MESSAGE);
      return;
    }
    panels.openSource(literalSource(document, literal));
  } catch (e) {
    log.error(`Pool Selection failed: ${errorDetail(e)}`);
    void vscode.window.showErrorMessage(`Pooling Lens: could not open the array literal: ${errorMessage(e)}`);
  }
}
