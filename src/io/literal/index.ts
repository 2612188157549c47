/**
 * Finds the array literal under the cursor, for the hover: Python lists and tuples, np.array /
 * torch.tensor / tf.constant / new Float32Array calls, JS/TS arrays, JSON, MATLAB/Octave
 * matrices and numpy's printed form.
 *
 * Rules (see test/io/literal.test.ts for each):
 * - The result is the OUTERMOST rectangular numeric literal whose range contains the offset. A
 *   ragged or non-numeric outer literal is skipped in favour of the largest valid one inside it
 *   that contains the offset; `[]` and empty rows have no values and never match.
 * - Range: the brackets, or the whole call when the literal is the first argument of a known
 *   constructor (`np.array([[1, 2]], dtype=np.float32)`, `new Float32Array([1, 2])`), so hovering
 *   the name or the dtype matches too. `as const`, `.reshape(...)` after it are not included.
 * - Elements: ints, floats, `.5`, `5.`, exponents, `1_000`, unary `+`/`-`, nan/NaN/inf/Inf/
 *   Infinity with any module prefix (np.nan, math.inf, torch.inf, Number.NaN, np.NINF),
 *   float('nan') / float("-inf"). `True`/`False` count as 1/0 only inside a constructor call
 *   (np.array([True, False]) is numeric, a bare [True, False] is a list of bools). Strings,
 *   identifiers, None/null, complex (1j), hex, expressions (`1 - 2`) make a literal non-numeric.
 * - Separators: commas (trailing allowed, `[1,,2]` not), spaces (MATLAB / numpy print), `;` rows,
 *   and a line break between numbers starts a row (MATLAB `[1 2\n3 4]`). If those line-broken
 *   rows differ in length, the breaks are taken as numpy's line wrapping and the list is 1-D
 *   (except in MATLAB, where it is an error). One row is 1-D: `[1 2 3]` has shape [3];
 *   `[1; 2]` has shape [2, 1]. MATLAB concatenation of brackets (`[[1 2]; [3 4]]`) is not supported.
 * - `(1, 2)` is a tuple in Python (and unknown languages) unless it follows a name (a call);
 *   `a[0]` (a `[` touching a name or closing bracket) is a subscript, not a list.
 * - Comments and strings follow the document's language (options.languageId); in Markdown the
 *   enclosing fenced block's language applies. Unknown languages: `#`, `//`, `/* *\/` comments,
 *   `%` only when spaced (`x % y` in an unknown language hides the rest of the line).
 * - `(2, 2)` after `=` or `(` is a tuple too, so `kernel_size=(2, 2)` matches: a caller that
 *   wants only "interesting" arrays filters by size.
 * - Bounded work: at most SCAN_RADIUS characters either side of the offset are read, one linear
 *   pass, explicit stack. A literal that may extend past that window is not returned at all
 *   (never a part of one as if it were the whole): an enclosing bracket still open and numeric at
 *   the window's end, an unmatched closer after nothing but numbers since the window's start, or
 *   numbers and arrays from edge to edge of a window cut on both sides. Brackets nested deeper
 *   than MAX_NEST are skipped; arrays with more than MAX_NDIM dimensions are not arrays.
 */
import type { NDArray } from '../../core/types';
import type { Dialect } from './lexer';
import { scanLiteral, startLiteralScan, type ScanRequest, type ScanResult } from './scan';

export interface ArrayLiteral {
  array: NDArray;
  /** Character offsets of the literal in the text; end is exclusive. */
  start: number;
  end: number;
}

export interface LiteralOptions {
  /** The VS Code language id of the document ('python', 'typescript', 'matlab', 'markdown', ...). */
  languageId?: string;
  /** Characters read on each side of the offset (default SCAN_RADIUS). */
  radius?: number;
}

/** Characters read on each side of the offset (so at most 1 MiB per call). */
export const SCAN_RADIUS = 512 * 1024;

export function parseArrayLiteral(text: string, offset: number, options?: LiteralOptions): ArrayLiteral | undefined {
  const req = scanRequest(text, offset, options);
  return req === undefined ? undefined : toLiteral(scanLiteral(req));
}

export interface SliceControl {
  /** Longest stretch of scanning between two pauses, in ms. */
  sliceMs: number;
  /** Called between slices (lets the host's event loop run). */
  pause(): Promise<void>;
  /** Stops the scan (the result is then undefined). */
  cancelled(): boolean;
  /** Clock in ms (performance.now by default). */
  now?: () => number;
}

/**
 * parseArrayLiteral in slices of at most `sliceMs`, pausing between them, so a multi-megabyte
 * literal never blocks the caller's thread for long (the hover's extension host).
 */
export async function parseArrayLiteralSliced(
  text: string,
  offset: number,
  options: LiteralOptions | undefined,
  control: SliceControl,
): Promise<ArrayLiteral | undefined> {
  const req = scanRequest(text, offset, options);
  if (req === undefined) return undefined;
  const now = control.now ?? (() => performance.now());
  const scan = startLiteralScan(req);
  for (;;) {
    const until = now() + control.sliceMs;
    if (scan.step(() => now() >= until)) break;
    await control.pause();
    if (control.cancelled()) return undefined;
  }
  return toLiteral(scan.result());
}

/**
 * Every outermost array literal of the whole text, in order, read in slices as
 * parseArrayLiteralSliced: for any offset, parseArrayLiteral(text, offset, { radius ≥ text.length })
 * is the one of these that contains it (see literalAt), or undefined when none does. One read of a
 * document version answers every hover over it. Not for Markdown, where the fence around the
 * offset decides how the text is read (see literalMapApplies). Undefined when cancelled.
 */
export async function findArrayLiteralsSliced(
  text: string | TextPieces,
  languageId: string | undefined,
  control: SliceControl,
): Promise<ArrayLiteral[] | undefined> {
  if (!literalMapApplies(languageId)) throw new Error(`findArrayLiteralsSliced cannot read ${languageId ?? 'this language'}`);
  const more = typeof text === 'string' ? undefined : text;
  const first = typeof text === 'string' ? text : (text() ?? '');
  const now = control.now ?? (() => performance.now());
  const scan = startLiteralScan({
    text: first,
    from: 0,
    to: first.length,
    offset: -1,
    dialect: dialectOf(languageId),
    clippedStart: false,
    clippedEnd: false,
    more,
  });
  for (;;) {
    const until = now() + control.sliceMs;
    const done = scan.step(() => now() >= until);
    await control.pause(); // gathering the values is a stretch of its own
    if (control.cancelled()) return undefined;
    if (done) break;
  }
  return scan.results().map((found) => ({ array: { shape: found.shape, data: found.data }, start: found.start, end: found.end }));
}

/**
 * A text given piece by piece, in order: each piece ends with a line break except the last, and
 * undefined says there is no more. A large document read this way is never one string.
 */
export type TextPieces = () => string | undefined;

/** Whether findArrayLiteralsSliced can read documents of this language (all but Markdown). */
export function literalMapApplies(languageId: string | undefined): boolean {
  return languageId !== 'markdown';
}

/** The literal of a findArrayLiteralsSliced answer that contains the offset (binary search), or undefined. */
export function literalAt<L extends { start: number; end: number }>(literals: readonly L[], offset: number): L | undefined {
  let lo = 0;
  let hi = literals.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (literals[mid]!.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  const l = lo > 0 ? literals[lo - 1]! : undefined;
  return l !== undefined && offset < l.end ? l : undefined;
}

function toLiteral(found: ScanResult | undefined): ArrayLiteral | undefined {
  if (!found) return undefined;
  return { array: { shape: found.shape, data: found.data }, start: found.start, end: found.end };
}

/** The window to scan around the offset and how to read it. */
function scanRequest(text: string, offset: number, options: LiteralOptions | undefined): ScanRequest | undefined {
  if (!Number.isInteger(offset) || offset < 0 || offset >= text.length) return undefined;
  const radius = options?.radius ?? SCAN_RADIUS;
  let from = Math.max(0, offset - radius);
  let to = Math.min(text.length, offset + radius);
  // Start on a line boundary, so a window rarely begins inside a comment or a string.
  if (from > 0) {
    const nl = lineBreakAfter(text, from, offset);
    if (nl >= 0) from = nl + 1;
  }
  // Clipped: the window stops short of the text, so a literal may continue past it.
  let clippedStart = from > 0;
  let clippedEnd = to < text.length;
  let dialect = dialectOf(options?.languageId);
  if (options?.languageId === 'markdown') {
    const fence = enclosingFence(text, from, to, offset);
    if (fence) {
      // The literal cannot cross the fence, and the fence says how to read comments.
      clippedStart = false;
      clippedEnd = clippedEnd && fence.bodyEnd === to;
      from = fence.bodyStart;
      to = fence.bodyEnd;
      dialect = dialectOf(fence.info);
    }
  }
  return { text, from, to, offset, dialect, clippedStart, clippedEnd };
}

/** Reading rules for a VS Code language id or a Markdown fence's info string. */
export function dialectOf(languageId: string | undefined): Dialect {
  switch ((languageId ?? '').toLowerCase()) {
    case 'python':
    case 'py':
    case 'python3':
    case 'ipython':
    case 'cython':
    case 'jupyter':
    case 'pycon':
      return 'python';
    case 'javascript':
    case 'typescript':
    case 'javascriptreact':
    case 'typescriptreact':
    case 'js':
    case 'ts':
    case 'jsx':
    case 'tsx':
    case 'json':
    case 'jsonc':
    case 'json5':
    case 'jsonl':
    case 'mjs':
    case 'cjs':
      return 'js';
    case 'matlab':
    case 'octave':
    case 'm':
      return 'matlab';
    default:
      return 'generic';
  }
}

function lineBreakAfter(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/;

/**
 * The fenced code block of a Markdown text that contains the offset, read line by line from the
 * window start (a fence opened before the window is not seen).
 */
function enclosingFence(text: string, from: number, to: number, offset: number): { bodyStart: number; bodyEnd: number; info: string } | undefined {
  let open: { marker: string; info: string; bodyStart: number } | undefined;
  let i = from;
  while (i < to) {
    let e = i;
    while (e < to && text.charCodeAt(e) !== 10) e++;
    const line = text.slice(i, Math.min(e, i + 200));
    const m = FENCE.exec(line);
    if (m) {
      const marker = m[1]!;
      if (!open) {
        if (i > offset) return undefined;
        open = { marker, info: m[2] ?? '', bodyStart: e + 1 };
      } else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && line.trim() === marker) {
        if (offset >= open.bodyStart && offset < i) return { bodyStart: open.bodyStart, bodyEnd: i, info: open.info };
        if (i > offset) return undefined;
        open = undefined;
      }
    }
    i = e + 1;
  }
  if (open && offset >= open.bodyStart) return { bodyStart: open.bodyStart, bodyEnd: to, info: open.info };
  return undefined;
}
