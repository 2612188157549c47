/**
 * Hover preview: over a numeric array literal, the hover shows it pooled with the
 * `poolingLens.hover.*` settings, with links to open it in the panel or copy the result.
 */
import * as vscode from 'vscode';
import { parseArrayLiteral } from '../../io/literal';
import { errorDetail, errorMessage, type Logger } from '../logger';
import { readHoverSettings } from './config';
import { formatShape } from './format';
import { COPY_RESULT_COMMAND, HOVER_COMMANDS, hoverLinks, parseLiteralTarget } from './links';
import { poolForHover, renderHoverMarkdown } from './markdown';
import { listSyntaxOf, toNestedList } from './nestedList';

export const HOVER_LANGUAGES: readonly string[] = [
  'python',
  'javascript',
  'typescript',
  'javascriptreact',
  'typescriptreact',
  'json',
  'jsonc',
  'markdown',
  'plaintext',
];

export function registerHover(context: vscode.ExtensionContext, log?: Logger): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(
      HOVER_LANGUAGES.map((language) => ({ language })),
      { provideHover: (document, position, token) => provideHover(document, position, token, log) },
    ),
    // Run from the hover's "Copy result" link (not in the palette: it is not contributed).
    vscode.commands.registerCommand(COPY_RESULT_COMMAND, (arg: unknown) => copyHoverResult(arg, log)),
  );
}

function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

export function provideHover(
  document: vscode.TextDocument,
  position: vscode.Position,
  token: vscode.CancellationToken,
  log?: Logger,
): vscode.Hover | undefined {
  try {
    const settings = readHoverSettings(document);
    if (!settings.enabled || documentLength(document) > settings.maxDocumentSizeKB * 1024) return undefined;
    const literal = parseArrayLiteral(document.getText(), document.offsetAt(position), { languageId: document.languageId });
    if (!literal || token.isCancellationRequested) return undefined;
    const pooled = poolForHover(literal.array, settings);
    const target = { uri: document.uri.toString(), start: literal.start, end: literal.end };
    const text = `${renderHoverMarkdown(literal.array, settings, pooled)}\n\n${hoverLinks(target, pooled.ok)}`;
    const markdown = new vscode.MarkdownString(text, true);
    markdown.isTrusted = { enabledCommands: HOVER_COMMANDS };
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(literal.start), document.positionAt(literal.end)));
  } catch (e) {
    // A hover must never surface an exception; the log keeps it for diagnosis.
    log?.error(`hover failed in ${document.uri.toString()}: ${errorDetail(e)}`);
    return undefined;
  }
}

async function findDocument(uri: string): Promise<vscode.TextDocument> {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
}

/** Copies the pooled literal as a nested list; returns the text copied (for tests), or undefined. */
export async function copyHoverResult(arg: unknown, log?: Logger): Promise<string | undefined> {
  const target = parseLiteralTarget(arg);
  if (!target) {
    void vscode.window.showErrorMessage('Pooling Lens: Copy result needs { uri, start, end } of an array literal.');
    return undefined;
  }
  try {
    const document = await findDocument(target.uri);
    const literal = parseArrayLiteral(document.getText(), target.start, { languageId: document.languageId });
    if (!literal) {
      void vscode.window.showWarningMessage('Pooling Lens: there is no array literal there any more (the document changed).');
      return undefined;
    }
    const pooled = poolForHover(literal.array, readHoverSettings(document));
    if (!pooled.ok) {
      void vscode.window.showWarningMessage(`Pooling Lens: cannot pool this array: ${pooled.message}`);
      return undefined;
    }
    const text = toNestedList(pooled.output, listSyntaxOf(document.languageId));
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Pooling Lens: copied the ${formatShape(pooled.output.shape)} result`, 4000);
    return text;
  } catch (e) {
    log?.error(`copy hover result failed: ${errorDetail(e)}`);
    void vscode.window.showErrorMessage(`Pooling Lens: could not copy the result: ${errorMessage(e)}`);
    return undefined;
  }
}
