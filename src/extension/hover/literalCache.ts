/**
 * Finding the literal under the hover without holding up the extension host: the document is
 * read in slices (pausing between them, so typing and other extensions' requests go on) and the
 * literals found are remembered per document version, so hovering again anywhere inside the same
 * literal answers at once. Pure (no vscode import): bench/hover.ts drives it as the hover does.
 */
import { parseArrayLiteralSliced, type ArrayLiteral } from '../../io/literal';

export interface LiteralQuery {
  /** The document's URI. */
  key: string;
  version: number;
  offset: number;
  languageId: string;
  /** Characters read on each side of the offset. */
  radius: number;
  /** The document's text (only read when the cache cannot answer). */
  text(): string;
  cancelled(): boolean;
}

/** Longest synchronous stretch of a hover's scan, in ms. */
export const HOVER_SLICE_MS = 15;
/** Documents whose literals are remembered (each entry holds one version's literals). */
const DOCUMENTS = 4;
const LITERALS_PER_DOCUMENT = 8;

/** Lets the event loop run: setImmediate where the host has it (Node), else a zero timeout. */
export function yieldToHost(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

export class HoverLiterals {
  private readonly documents = new Map<string, { version: number; literals: ArrayLiteral[] }>();

  constructor(
    private readonly sliceMs = HOVER_SLICE_MS,
    private readonly pause: () => Promise<void> = yieldToHost,
  ) {}

  /** The literal under the offset (outermost, as parseArrayLiteral), or undefined (also when cancelled). */
  async find(q: LiteralQuery): Promise<ArrayLiteral | undefined> {
    const known = this.documents.get(q.key);
    if (known !== undefined && known.version === q.version) {
      // Inside a literal found before, the outermost literal is that one again (brackets nest).
      const hit = known.literals.find((l) => l.start <= q.offset && q.offset < l.end);
      if (hit !== undefined) return hit;
    }
    const literal = await parseArrayLiteralSliced(q.text(), q.offset, { languageId: q.languageId, radius: q.radius }, {
      sliceMs: this.sliceMs,
      pause: this.pause,
      cancelled: () => q.cancelled(),
    });
    if (literal !== undefined) this.remember(q.key, q.version, literal);
    return literal;
  }

  private remember(key: string, version: number, literal: ArrayLiteral): void {
    let entry = this.documents.get(key);
    if (entry === undefined || entry.version !== version) entry = { version, literals: [] };
    this.documents.delete(key); // re-inserted last: the map's order is the eviction order
    this.documents.set(key, entry);
    entry.literals.unshift(literal);
    entry.literals.length = Math.min(entry.literals.length, LITERALS_PER_DOCUMENT);
    while (this.documents.size > DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
  }

  forget(key: string): void {
    this.documents.delete(key);
  }
}
