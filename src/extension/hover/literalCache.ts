/**
 * Finding the literal under the hover without holding up the extension host. A document version
 * is read once, in slices (pausing between them, so typing and other extensions' requests go on),
 * into every outermost literal it has (findArrayLiteralsSliced); every hover over that version is
 * then a lookup. The read starts at the first hover, or earlier when the provider asks for a
 * read ahead (after a large document is shown or edited, once typing pauses); an edit supersedes
 * a read in flight. Each literal keeps its values in the dtype the panel pools it in (one rule,
 * src/io/computeDtype.ts), so hover and panel give the same bits. Pure (no vscode import):
 * bench/hover.ts and the tests drive it as the provider does.
 */
import type { NDArray } from '../../core/types';
import { findArrayLiteralsSliced, literalAt, literalMapApplies, parseArrayLiteralSliced, type ArrayLiteral, type TextPieces } from '../../io/literal';
import { LiteralDtypeReader, literalArray, literalDtype } from '../../io/literal/dtype';
import { yieldToEventLoop } from '../../io/steps';

/** One version of a document, as the hover reads it. */
export interface HoverDocument {
  /** The document's URI. */
  key: string;
  version: number;
  languageId: string;
  /** The document's text (read once per version when `pieces` is not given, and for Markdown). */
  text(): string;
  /** The document's text piece by piece, cut after line breaks (see TextPieces): a large document is then never one string. */
  pieces?(): TextPieces;
  /** The document moved past `version` or closed: a read of this version stops. */
  stale(): boolean;
}

/** A literal ready to pool: its range, its dtype where written, its values in that dtype's compute dtype. */
export interface HoverLiteral {
  start: number;
  end: number;
  dtype: string;
  array: NDArray;
}

/** Time a read runs before it pauses, in ms: well under a 60 Hz frame (16.7 ms), leaving room for a garbage collection. */
export const HOVER_SLICE_MS = 5;
/** Pause after a large document is shown or edited before its literals are read ahead (typing goes on meanwhile). */
export const READ_AHEAD_DELAY_MS = 150;
/** Documents shorter than this are read when hovered (a few ms); longer ones are read ahead. */
export const READ_AHEAD_MIN_CHARS = 256 * 1024;
/** Characters per piece when a document is read in pieces (whole lines). */
export const PIECE_CHARS = 256 * 1024;
/** Literals with this many values get a pause of their own around their dtype search and conversion. */
const LARGE_VALUES = 1 << 16;
/** Documents whose literals are remembered (each entry holds one version's literals). */
const DOCUMENTS = 4;
/** Markdown literals remembered per version (found one hover at a time). */
const MARKDOWN_LITERALS = 8;

interface Read {
  version: number;
  /** Every outermost literal, once read (not for Markdown). */
  literals: HoverLiteral[] | null;
  /** The read in flight; resolves to undefined when superseded or stale. */
  pending: Promise<HoverLiteral[] | undefined> | null;
  superseded: boolean;
  /** Markdown: literals found hover by hover. */
  found: HoverLiteral[];
}

export class HoverLiterals {
  private readonly documents = new Map<string, Read>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Reads started and finished (for tests and the bench: a hover that found its answer read nothing). */
  reads = 0;
  readsFinished = 0;

  constructor(
    private readonly sliceMs = HOVER_SLICE_MS,
    private readonly pause: () => Promise<void> = yieldToEventLoop,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The literal under the offset (outermost, as parseArrayLiteral over the whole text), or undefined (also when superseded). */
  async find(doc: HoverDocument, offset: number, cancelled: () => boolean = () => false): Promise<HoverLiteral | undefined> {
    if (!literalMapApplies(doc.languageId)) return this.findMarkdown(doc, offset, cancelled);
    const literals = await this.read(doc);
    return literals === undefined ? undefined : literalAt(literals, offset);
  }

  /** Whether this version is read (a hover over it reads nothing). */
  ready(key: string, version: number): boolean {
    const r = this.documents.get(key);
    return r !== undefined && r.version === version && r.literals !== null;
  }

  /** The document changed: a read in flight stops at its next pause, and a read ahead scheduled is dropped. */
  changed(key: string): void {
    this.unschedule(key);
    const r = this.documents.get(key);
    if (r === undefined) return;
    r.superseded = true;
    this.documents.delete(key);
  }

  /** Reads the document after `delayMs` unless it changes before (then `changed` drops this). */
  readAhead(key: string, delayMs: number, doc: () => HoverDocument | undefined): void {
    this.unschedule(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        const d = doc();
        if (d !== undefined && literalMapApplies(d.languageId)) this.read(d).catch(() => undefined); // a failed read ahead only means the hover reads itself
      }, delayMs),
    );
  }

  forget(key: string): void {
    this.changed(key);
  }

  dispose(): void {
    for (const key of [...this.timers.keys()]) this.unschedule(key);
    for (const key of [...this.documents.keys()]) this.changed(key);
  }

  private unschedule(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(key);
  }

  /** This version's literals: read once, shared by every hover and the read ahead. */
  private read(doc: HoverDocument): Promise<HoverLiteral[] | undefined> {
    let r = this.documents.get(doc.key);
    if (r !== undefined && r.version === doc.version && !r.superseded) {
      if (r.literals !== null) return Promise.resolve(r.literals);
      if (r.pending !== null) return r.pending;
    } else {
      if (r !== undefined) r.superseded = true; // another version's read stops at its next pause
      r = this.entry(doc);
    }
    const entry = r;
    const run = this.readAll(doc, entry).finally(() => {
      if (entry.pending === run) entry.pending = null;
    });
    entry.pending = run;
    return run;
  }

  private entry(doc: HoverDocument): Read {
    const r: Read = { version: doc.version, literals: null, pending: null, superseded: false, found: [] };
    this.documents.delete(doc.key); // re-inserted last: the map's order is the eviction order
    this.documents.set(doc.key, r);
    while (this.documents.size > DOCUMENTS) this.changed(this.documents.keys().next().value!);
    return r;
  }

  private async readAll(doc: HoverDocument, r: Read): Promise<HoverLiteral[] | undefined> {
    this.reads++;
    const stop = (): boolean => r.superseded || doc.stale();
    // The pieces read are kept until the literals' dtypes are known (their source, no copy).
    const kept: string[] = [];
    const starts: number[] = [];
    let source: TextPieces;
    if (doc.pieces !== undefined) {
      const pieces = doc.pieces();
      let at = 0;
      source = () => {
        const p = pieces();
        if (p !== undefined) {
          kept.push(p);
          starts.push(at);
          at += p.length;
        }
        return p;
      };
    } else {
      const text = doc.text();
      kept.push(text);
      starts.push(0);
      const whole = [text];
      source = () => whole.pop();
      await this.pause(); // getText of a large document is a stretch of its own
      if (stop()) return undefined;
    }
    const found = await findArrayLiteralsSliced(source, doc.languageId, { sliceMs: this.sliceMs, pause: this.pause, cancelled: stop, now: this.now });
    if (found === undefined) return undefined;
    const literals: HoverLiteral[] = [];
    let until = this.now() + this.sliceMs;
    const breath = async (): Promise<boolean> => {
      await this.pause();
      until = this.now() + this.sliceMs;
      return !stop();
    };
    for (const l of found) {
      // The dtype is searched in the literal's source part by part, pausing as the scan does.
      const reader = new LiteralDtypeReader();
      for (const part of sourceParts(kept, starts, l.start, l.end)) {
        if (this.now() >= until && !(await breath())) return undefined;
        reader.feed(part);
      }
      const dtype = reader.dtype(doc.languageId);
      // A large literal's float32 copy is a stretch of its own.
      if (l.array.data.length >= LARGE_VALUES && !(await breath())) return undefined;
      literals.push({ start: l.start, end: l.end, dtype, array: literalArray(l.array, dtype) });
      if (l.array.data.length >= LARGE_VALUES && !(await breath())) return undefined;
    }
    if (stop()) return undefined;
    r.literals = literals;
    this.readsFinished++;
    return literals;
  }

  /** The literal's dtype read from its source, and its values as the panel pools them. */
  private typed(source: string | string[], languageId: string, l: ArrayLiteral): HoverLiteral {
    const dtype = literalDtype(source, languageId);
    return { start: l.start, end: l.end, dtype, array: literalArray(l.array, dtype) };
  }

  /** Markdown: the fence around the offset decides the reading, so literals are found one offset at a time. */
  private async findMarkdown(doc: HoverDocument, offset: number, cancelled: () => boolean): Promise<HoverLiteral | undefined> {
    let r = this.documents.get(doc.key);
    if (r === undefined || r.version !== doc.version) r = this.entry(doc);
    const hit = r.found.find((l) => l.start <= offset && offset < l.end);
    if (hit !== undefined) return hit;
    const entry = r;
    this.reads++;
    const text = doc.text();
    const literal = await parseArrayLiteralSliced(
      text,
      offset,
      { languageId: doc.languageId, radius: Math.max(text.length, 1) },
      { sliceMs: this.sliceMs, pause: this.pause, cancelled: () => cancelled() || entry.superseded || doc.stale(), now: this.now },
    );
    if (literal === undefined || entry.superseded) return undefined;
    const typed = this.typed(text.slice(literal.start, literal.end), doc.languageId, literal);
    entry.found.unshift(typed);
    entry.found.length = Math.min(entry.found.length, MARKDOWN_LITERALS);
    return typed;
  }
}

/** The text [start, end) as consecutive slices of the pieces that hold it (`starts`: each piece's offset). */
function sourceParts(pieces: readonly string[], starts: readonly number[], start: number, end: number): string[] {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= start) lo = mid + 1;
    else hi = mid;
  }
  const parts: string[] = [];
  for (let k = Math.max(lo - 1, 0); k < pieces.length && starts[k]! < end; k++) {
    const s = starts[k]!;
    parts.push(pieces[k]!.slice(Math.max(start - s, 0), Math.min(end - s, pieces[k]!.length)));
  }
  return parts;
}
