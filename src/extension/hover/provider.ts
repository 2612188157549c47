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
import { HoverLiterals, yieldToHost } from './literalCache';
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
    ...refreshAfterEdits(),
  );
}

/** Pause in typing after which a hovered document's literal is re-read in the background. */
const REFRESH_DELAY_MS = 300;

/**
 * After an edit to a document whose literal was hovered, re-read that literal (in slices) once
 * typing pauses, so the next hover over it answers from the cache instead of reading megabytes.
 */
function refreshAfterEdits(): vscode.Disposable[] {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const clear = (key: string): void => {
    clearTimeout(timers.get(key));
    timers.delete(key);
  };
  return [
    vscode.workspace.onDidChangeTextDocument((e) => {
      const key = e.document.uri.toString();
      if (!literals.tracks(key) || e.contentChanges.length === 0) return;
      literals.edited(
        key,
        e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, textLength: c.text.length })),
      );
      clear(key);
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          const document = e.document;
          const version = document.version;
          const length = documentLength(document);
          if (document.isClosed || length > readHoverSettings(document).maxDocumentSizeKB * 1024) return;
          literals
            .refresh({
              key,
              version,
              offset: 0,
              languageId: document.languageId,
              radius: Math.max(length, 1),
              text: () => document.getText(),
              cancelled: () => document.isClosed || document.version !== version,
            })
            .catch(() => undefined); // a failed refresh only means the next hover reads the document itself
        }, REFRESH_DELAY_MS),
      );
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      clear(key);
      literals.forget(key);
    }),
    { dispose: () => [...timers.keys()].forEach(clear) },
  ];
}

/** Literals found per document version (a large literal is read once, in slices). */
const literals = new HoverLiterals();

function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

export async function provideHover(
  document: vscode.TextDocument,
  position: vscode.Position,
  token: vscode.CancellationToken,
  log?: Logger,
): Promise<vscode.Hover | undefined> {
  try {
    const settings = readHoverSettings(document);
    const length = documentLength(document);
    if (!settings.enabled || length > settings.maxDocumentSizeKB * 1024) return undefined;
    const literal = await literals.find({
      key: document.uri.toString(),
      version: document.version,
      offset: document.offsetAt(position),
      languageId: document.languageId,
      radius: Math.max(length, 1),
      text: () => document.getText(),
      cancelled: () => token.isCancellationRequested,
    });
    if (!literal || token.isCancellationRequested) return undefined;
    await yieldToHost(); // pooling a large literal is its own task
    if (token.isCancellationRequested) return undefined;
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
    const source = document.getText();
    // The whole document, as the hover read it (a literal may be larger than the default window).
    const literal = parseArrayLiteral(source, target.start, { languageId: document.languageId, radius: Math.max(source.length, 1) });
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
