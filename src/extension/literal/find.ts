/** Which array literal "Pool Selection" means (pure). */
import { parseArrayLiteral } from '../../io/literal';
import type { ArrayLiteral } from '../../io/literal';
import type { TextRange } from './range';

/** The literal over exactly `range`, parsed on its own (so an inner literal the user picked stays that one). */
export function parseLiteralAt(text: string, range: TextRange, languageId: string): ArrayLiteral | undefined {
  const slice = text.slice(range.start, range.end);
  const first = slice.search(/\S/);
  if (first < 0) return undefined;
  const found = parseArrayLiteral(slice, first, { languageId });
  return found && { array: found.array, start: range.start + found.start, end: range.start + found.end };
}

/**
 * A non-empty selection: the literal it holds (e.g. one row of a matrix). Otherwise, or if the
 * selection holds none: the outermost literal at the cursor, or just before it (the cursor
 * right after a closing bracket).
 */
export function findLiteral(text: string, languageId: string, selection: { start: number; end: number; active: number }): ArrayLiteral | undefined {
  if (selection.end > selection.start) {
    const selected = parseLiteralAt(text, selection, languageId);
    if (selected) return selected;
  }
  return (
    parseArrayLiteral(text, selection.active, { languageId }) ??
    (selection.active > 0 ? parseArrayLiteral(text, selection.active - 1, { languageId }) : undefined)
  );
}
