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

/** One edit as VS Code reports it (TextDocumentContentChangeEvent): offsets before the edit. */
export interface TextEdit {
  rangeOffset: number;
  rangeLength: number;
  textLength: number;
}

/** Where `offset` moves to after the edits (an offset inside a replaced range moves to its start). */
export function shiftOffset(offset: number, edits: readonly TextEdit[]): number {
  let o = offset;
  for (const e of edits) {
    if (e.rangeOffset + e.rangeLength <= o) o += e.textLength - e.rangeLength;
    else if (e.rangeOffset < o) o = e.rangeOffset;
  }
  return o;
}

interface Known {
  version: number;
  literals: ArrayLiteral[];
  /** Start of the literal hovered last, kept in step with edits: where a refresh looks. */
  anchor: number;
  /** A scan in flight for `version` (a refresh), which a hover waits for instead of starting another. */
  pending: Promise<void> | null;
}

export class HoverLiterals {
  private readonly documents = new Map<string, Known>();

  constructor(
    private readonly sliceMs = HOVER_SLICE_MS,
    private readonly pause: () => Promise<void> = yieldToHost,
  ) {}

  /** The literal under the offset (outermost, as parseArrayLiteral), or undefined (also when cancelled). */
  async find(q: LiteralQuery): Promise<ArrayLiteral | undefined> {
    const known = this.documents.get(q.key);
    if (known !== undefined && known.version === q.version && known.pending !== null) await known.pending;
    const hit = this.cached(q.key, q.version, q.offset);
    if (hit !== undefined) return hit;
    const literal = await parseArrayLiteralSliced(
      q.text(),
      q.offset,
      { languageId: q.languageId, radius: q.radius },
      {
        sliceMs: this.sliceMs,
        pause: this.pause,
        cancelled: () => q.cancelled(),
      },
    );
    if (literal !== undefined) this.remember(q.key, q.version, literal);
    return literal;
  }

  private cached(key: string, version: number, offset: number): ArrayLiteral | undefined {
    const known = this.documents.get(key);
    if (known === undefined || known.version !== version) return undefined;
    // Inside a literal found before, the outermost literal is that one again (brackets nest).
    return known.literals.find((l) => l.start <= offset && offset < l.end);
  }

  /** Whether hovers found literals in this document (so an edit is worth a refresh). */
  tracks(key: string): boolean {
    return this.documents.has(key);
  }

  /** Keeps the anchor on the hovered literal through an edit; its literals are stale from now on. */
  edited(key: string, edits: readonly TextEdit[]): void {
    const known = this.documents.get(key);
    if (known === undefined) return;
    known.anchor = shiftOffset(known.anchor, edits);
    known.literals = [];
    known.pending = null;
  }

  /**
   * Re-reads the literal at the anchor for a new version, in slices, while the user is not
   * hovering (after an edit): the next hover there answers from the cache. `q.offset` is ignored.
   */
  async refresh(q: LiteralQuery): Promise<void> {
    const known = this.documents.get(q.key);
    if (known === undefined || (known.version === q.version && known.literals.length > 0)) return;
    known.version = q.version;
    const run = (async () => {
      const literal = await parseArrayLiteralSliced(
        q.text(),
        known.anchor,
        { languageId: q.languageId, radius: q.radius },
        {
          sliceMs: this.sliceMs,
          pause: this.pause,
          cancelled: () => q.cancelled(),
        },
      );
      if (literal !== undefined && !q.cancelled()) this.remember(q.key, q.version, literal);
    })();
    known.pending = run;
    try {
      await run;
    } finally {
      if (known.pending === run) known.pending = null;
    }
  }

  private remember(key: string, version: number, literal: ArrayLiteral): void {
    let entry = this.documents.get(key);
    if (entry === undefined || entry.version !== version) entry = { version, literals: [], anchor: literal.start, pending: null };
    this.documents.delete(key); // re-inserted last: the map's order is the eviction order
    this.documents.set(key, entry);
    entry.anchor = literal.start;
    entry.literals.unshift(literal);
    entry.literals.length = Math.min(entry.literals.length, LITERALS_PER_DOCUMENT);
    while (this.documents.size > DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
  }

  forget(key: string): void {
    this.documents.delete(key);
  }
}
