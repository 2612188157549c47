/**
 * Hover preview: over a numeric array literal, the hover shows it pooled with the
 * `poolingLens.hover.*` settings, with links to open it in the panel or copy the result.
 */
import * as vscode from 'vscode';
import { parseArrayLiteral, type TextPieces } from '../../io/literal';
import { literalArray, literalDtype } from '../../io/literal/dtype';
import { errorDetail, errorMessage, type Logger } from '../logger';
import { readHoverSettings } from './config';
import { formatShape } from './format';
import { COPY_RESULT_COMMAND, HOVER_COMMANDS, hoverLinks, parseLiteralTarget } from './links';
import { type HoverDocument, HoverLiterals, PIECE_CHARS, READ_AHEAD_DELAY_MS, READ_AHEAD_MIN_CHARS } from './literalCache';
import { yieldToEventLoop } from '../../io/steps';
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
    ...readAhead(),
  );
}

/** Literals per document version (a large document is read once, in slices, then looked up). */
const literals = new HoverLiterals();

function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

function hoverDocument(document: vscode.TextDocument): HoverDocument {
  const version = document.version;
  return {
    key: document.uri.toString(),
    version,
    languageId: document.languageId,
    text: () => document.getText(),
    pieces: () => documentPieces(document),
    stale: () => document.isClosed || document.version !== version,
  };
}

/**
 * The document in pieces of whole lines (about PIECE_CHARS each): getText() of a 12 MB document
 * joins all its lines in one go, longer than a keystroke may wait; a piece takes well under 1 ms.
 */
function documentPieces(document: vscode.TextDocument): TextPieces {
  let line = 0;
  return () => {
    const n = document.lineCount;
    if (line >= n) return undefined;
    const first = line;
    let size = 0;
    while (line < n && size < PIECE_CHARS) {
      size += document.lineAt(line).text.length + 1;
      line++;
    }
    const end = line < n ? new vscode.Position(line, 0) : document.lineAt(n - 1).range.end;
    return document.getText(new vscode.Range(new vscode.Position(first, 0), end));
  };
}

/** A large document the hover reads, shown in an editor: worth reading before the first hover. */
function worthReadingAhead(document: vscode.TextDocument): boolean {
  if (!HOVER_LANGUAGES.includes(document.languageId) || document.isClosed) return false;
  if (!vscode.window.visibleTextEditors.some((e) => e.document === document)) return false;
  const settings = readHoverSettings(document);
  const length = documentLength(document);
  return settings.enabled && length >= READ_AHEAD_MIN_CHARS && length <= settings.maxDocumentSizeKB * 1024;
}

/**
 * Reads large documents ahead, once shown and whenever typing pauses, so the first hover over a
 * literal answers from the cache; an edit supersedes a read in flight (it stops at its next pause).
 */
function readAhead(): vscode.Disposable[] {
  const schedule = (document: vscode.TextDocument): void => {
    if (!worthReadingAhead(document)) return;
    literals.readAhead(document.uri.toString(), READ_AHEAD_DELAY_MS, () => (worthReadingAhead(document) ? hoverDocument(document) : undefined));
  };
  for (const editor of vscode.window.visibleTextEditors) schedule(editor.document);
  return [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      literals.changed(e.document.uri.toString());
      schedule(e.document);
    }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => {
      for (const editor of editors) if (!literals.ready(editor.document.uri.toString(), editor.document.version)) schedule(editor.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => literals.forget(document.uri.toString())),
    { dispose: () => literals.dispose() },
  ];
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
    const doc = hoverDocument(document);
    const literal = await literals.find(doc, document.offsetAt(position), () => token.isCancellationRequested);
    if (!literal || token.isCancellationRequested || doc.stale()) return undefined;
    await yieldToEventLoop(); // pooling a large literal is its own task
    if (token.isCancellationRequested || doc.stale()) return undefined;
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
    // Pooled in the literal's compute dtype, as the hover and the panel pool it.
    const dtype = literalDtype(source.slice(literal.start, literal.end), document.languageId);
    const pooled = poolForHover(literalArray(literal.array, dtype), readHoverSettings(document));
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
