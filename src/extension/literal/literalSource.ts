/**
 * An array literal in a text document as a panel source. The range follows edits of the
 * document; each change re-parses it (a broken literal keeps the last good data on screen).
 */
import * as vscode from 'vscode';
import type { LoadedArray } from '../../io';
import { parseArrayLiteral } from '../../io/literal';
import { literalArray, literalDtype } from '../../io/literal/dtype';
import type { ArrayLiteral } from '../../io/literal';
import { readHoverSettings } from '../hover/config';
import { initialFromHover } from '../panel/initialParams';
import { literalKey } from '../panel/source';
import type { Disposable, SourceEvents } from '../panel/source';
import type { PanelSource } from '../panel/vscodePanel';
import { baseName, parentOf } from '../uris';
import { parseLiteralAt } from './find';
import { shiftRange } from './range';
import type { TextRange } from './range';

const REPARSE_DEBOUNCE_MS = 300;

/** The array as the panel gets it (its dtype as written, stored by the one rule); the panel's array selector shows `name`. */
function asLoaded(literal: ArrayLiteral, document: vscode.TextDocument): LoadedArray {
  const dtype = literalDtype(document.getText().slice(literal.start, literal.end), document.languageId);
  return { name: 'literal', dtype, array: literalArray(literal.array, dtype) };
}

async function documentFor(uri: vscode.Uri): Promise<vscode.TextDocument> {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? vscode.workspace.openTextDocument(uri);
}

/** "literal from arrays.py:12" (1-based line of the literal's start). */
export function literalTitle(document: vscode.TextDocument, offset: number): string {
  return `literal from ${baseName(document.uri)}:${document.positionAt(offset).line + 1}`;
}

/**
 * `literal` was found in `document` just now (its values are the first load). `keyOffset`
 * names the panel (the offset it was opened at, or restored from).
 */
export function literalSource(document: vscode.TextDocument, literal: ArrayLiteral, keyOffset = literal.start): PanelSource {
  const uri = document.uri;
  const title = literalTitle(document, literal.start);
  const line = document.positionAt(literal.start).line + 1;
  let range: TextRange = { start: literal.start, end: literal.end };
  let first: ArrayLiteral | undefined = literal;
  const source: PanelSource = {
    key: literalKey(uri.toString(), keyOffset),
    title,
    // "<doc>-line12.literal" → exports named "arrays.py-line12.pooled.npy".
    exportName: `${baseName(uri)}-line${line}.literal`,
    load: async () => {
      if (first) {
        const found = first;
        first = undefined;
        return [asLoaded(found, document)];
      }
      const doc = await documentFor(uri);
      const found = parseLiteralAt(doc.getText(), range, doc.languageId);
      if (!found) {
        throw new Error(`${title}: there is no numeric array literal there any more (the document changed).`);
      }
      range = { start: found.start, end: found.end };
      return [asLoaded(found, doc)];
    },
    initialParams: (array) => initialFromHover(readHoverSettings(uri), array.array.shape),
    watch: (events) =>
      watchDocument(
        uri,
        () => range,
        (r) => (range = r),
        events,
      ),
  };
  if (uri.scheme !== 'untitled') return { ...source, saveFolder: parentOf(uri) };
  return source;
}

function watchDocument(uri: vscode.Uri, get: () => TextRange, set: (r: TextRange) => void, events: SourceEvents): Disposable[] {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const same = (d: vscode.TextDocument): boolean => d.uri.toString() === uri.toString();
  return [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!same(e.document) || e.contentChanges.length === 0) return;
      set(shiftRange(get(), e.contentChanges));
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        events.changed();
      }, REPARSE_DEBOUNCE_MS);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      // An untitled document is gone once closed; a file can be opened again.
      if (same(d) && d.isUntitled) events.deleted();
    }),
    { dispose: () => timer !== undefined && clearTimeout(timer) },
  ];
}

/** Finds the literal again from a key (restoring a panel): the document must still hold one at the offset. */
export async function restoreLiteral(documentUri: string, offset: number): Promise<PanelSource> {
  let doc: vscode.TextDocument;
  try {
    doc = await documentFor(vscode.Uri.parse(documentUri, true));
  } catch (e) {
    throw new Error(`the document ${documentUri} cannot be opened (${e instanceof Error ? e.message : String(e)}).`);
  }
  const text = doc.getText();
  const found = offset < text.length ? parseArrayLiteral(text, offset, { languageId: doc.languageId }) : undefined;
  if (!found) throw new Error(`${baseName(doc.uri)} no longer has an array literal where this panel's was. Run "Pooling Lens: Pool Selection" on it again.`);
  return literalSource(doc, found, offset);
}
