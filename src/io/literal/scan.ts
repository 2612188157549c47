/**
 * One left-to-right pass over a window of tokens that decides, for every bracket pair, whether
 * it is a rectangular numeric array, and remembers the outermost one enclosing the offset.
 * Bracket nesting uses an explicit stack (no recursion), shapes are interned so comparing two
 * siblings is O(1), and every token is looked at once: the pass is linear in the window.
 */
import { IDENT_KEYWORD, IDENT_NEW, IDENT_WRAPPER, Lexer, TK, type Dialect, type TokenKind } from './lexer';
import { plainNumbers } from './plainNumbers';

// Module-local copies: reading another module's exports in the hot loop costs a getter call
// under some loaders (vite-node, tsx).
const {
  BOOL: T_BOOL,
  CLOSE_BRACE: T_CLOSE_BRACE,
  CLOSE_PAREN: T_CLOSE_PAREN,
  CLOSE_SQ: T_CLOSE_SQ,
  COMMA: T_COMMA,
  EOF: T_EOF,
  IDENT: T_IDENT,
  MINUS: T_MINUS,
  NEWLINE: T_NEWLINE,
  NUM: T_NUM,
  OPEN_BRACE: T_OPEN_BRACE,
  OPEN_PAREN: T_OPEN_PAREN,
  OPEN_SQ: T_OPEN_SQ,
  PLUS: T_PLUS,
  SEMI: T_SEMI,
  STRING: T_STRING,
} = TK;
const KEYWORD = IDENT_KEYWORD;
const NEW = IDENT_NEW;
const WRAPPER = IDENT_WRAPPER;

/** Brackets nested deeper than this are skipped as a whole (counted, not tracked). */
export const MAX_NEST = 10_000;
/** NumPy's historical limit; deeper "arrays" are not arrays anyone pools. */
export const MAX_NDIM = 32;

const ROLE_LIST = 0; // [ ... ]
const ROLE_TUPLE = 1; // Python ( ..., ... )
const ROLE_CALL = 2; // np.array( <array> [, kwargs] )
const ROLE_OPAQUE = 3; // { }, calls, subscripts, MATLAB/JS parentheses

const ST_START = 0;
const ST_AFTER_ITEM = 1;
const ST_AFTER_COMMA = 2;
const ST_AFTER_SEMI = 3;

const CALL_EXPECT = 0; // nothing yet after `(`
const CALL_AFTER_FIRST = 1; // the array argument has closed
const CALL_DONE = 2; // a comma followed it: the rest is keyword arguments
const CALL_FAIL = 3;

/** Item kinds: a scalar, an interned shape id (>= 0), or one of these. */
const ITEM_NONE = -2;
const ITEM_SCALAR = -1;
const ITEM_INVALID = -3;

interface Frame {
  role: number;
  closeKind: TokenKind;
  openStart: number;
  valid: boolean;
  state: number;
  /** A line break came after the last item, before any separator. */
  nl: boolean;
  itemKind: number;
  /** Items in the current row, completed rows, items per row (set by the first row). */
  cur: number;
  rows: number;
  cols: number;
  count: number;
  comma: boolean;
  semi: boolean;
  /** Rows split by line breaks differ in length (numpy prints long rows wrapped). */
  ragged: boolean;
  hasBool: boolean;
  callState: number;
  wrapStart: number;
  argShape: number;
  /** Index in the scanner's values where this bracket's values begin. */
  valueFrom: number;
  /** The array argument's values, [argFrom, argTo) (a valid literal's values are contiguous). */
  argFrom: number;
  argTo: number;
}

function newFrame(): Frame {
  return {
    role: 0,
    closeKind: T_CLOSE_SQ,
    openStart: 0,
    valid: true,
    state: ST_START,
    nl: false,
    itemKind: ITEM_NONE,
    cur: 0,
    rows: 0,
    cols: 0,
    count: 0,
    comma: false,
    semi: false,
    ragged: false,
    hasBool: false,
    callState: CALL_EXPECT,
    wrapStart: 0,
    argShape: ITEM_INVALID,
    valueFrom: 0,
    argFrom: 0,
    argTo: 0,
  };
}

/** Hash-consed shapes: equal shapes get the same id, so sibling checks are O(1). */
class Shapes {
  private readonly dims: number[] = [];
  private readonly rests: number[] = [];
  readonly ndims: number[] = [];
  private readonly ids = new Map<number, number>();

  /** The shape [dim, ...rest]; rest = ITEM_SCALAR for none. */
  intern(dim: number, rest: number): number {
    // dim < 2^22 and rest < 2^30 in a bounded window, so the key is exact in a double.
    const key = (rest + 1) * 4194304 + dim;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.dims.length;
      this.dims.push(dim);
      this.rests.push(rest);
      this.ndims.push(rest < 0 ? 1 : this.ndims[rest]! + 1);
      this.ids.set(key, id);
    }
    return id;
  }

  toArray(id: number): number[] {
    const out: number[] = [];
    for (let s = id; s >= 0; s = this.rests[s]!) out.push(this.dims[s]!);
    return out;
  }
}

export interface ScanRequest {
  text: string;
  from: number;
  to: number;
  offset: number;
  dialect: Dialect;
  /** The window does not start/end at the text's start/end, so a literal may extend past it. */
  clippedStart: boolean;
  clippedEnd: boolean;
  /** The text after `to`, piece by piece (see Lexer): `text` is then the first piece only. */
  more?: () => string | undefined;
}

export interface ScanResult {
  shape: number[];
  data: Float64Array;
  start: number;
  end: number;
}

interface Candidate {
  start: number;
  end: number;
  /** Its values are values[valueFrom, valueTo): every scalar of a valid literal was kept, in order. */
  valueFrom: number;
  valueTo: number;
  shape: number;
}

function isOpen(k: TokenKind): boolean {
  return k === T_OPEN_SQ || k === T_OPEN_PAREN || k === T_OPEN_BRACE;
}
function isClose(k: TokenKind): boolean {
  return k === T_CLOSE_SQ || k === T_CLOSE_PAREN || k === T_CLOSE_BRACE;
}
/** Index 0..2 of a bracket kind, for per-kind open counts. */
function bracketIndex(k: TokenKind): number {
  return k === T_OPEN_SQ || k === T_CLOSE_SQ ? 0 : k === T_OPEN_PAREN || k === T_CLOSE_PAREN ? 1 : 2;
}
const CLOSE_OF = [T_CLOSE_SQ, T_CLOSE_PAREN, T_CLOSE_BRACE] as const;

export function scanLiteral(req: ScanRequest): ScanResult | undefined {
  const scanner = new Scanner(req);
  scanner.step(() => false);
  return scanner.result();
}

/** A scan done in slices: `step` reads tokens until `stop()` says so (asked every few thousand tokens); true when the window is done. */
export interface SlicedScan {
  step(stop: () => boolean): boolean;
  result(): ScanResult | undefined;
  results(): ScanResult[];
}

export function startLiteralScan(req: ScanRequest): SlicedScan {
  return new Scanner(req);
}

/** Tokens read between two `stop()` questions. */
const STEP_TOKENS = 4096;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Items one call of the fast path reads at most. */
const FAST_ITEMS = 4096;
const MAX_EXACT = 2 ** 53 - 1;
/** Items plainItems reads in JS before it calls the WebAssembly reader: short rows (`[1, 2, 3],` × 20000) are read faster without the call. */
const JS_ITEMS_FIRST = 8;

class Scanner implements SlicedScan {
  private readonly lex: Lexer;
  private readonly frames: Frame[] = [];
  private sp = 0;
  /** Brackets opened beyond MAX_NEST and not yet closed. */
  private excess = 0;
  private readonly openCount = [0, 0, 0];
  private readonly shapes = new Shapes();
  /** Every scalar read inside a still-valid list, in text order. */
  private values = new Float64Array(1024);
  private nValues = 0;
  private candidate: Candidate | undefined;
  /** Every literal not inside another one, in text order: the answer for any offset (see results). */
  private readonly outermost: Candidate[] = [];
  /** Nothing but numbers, separators and valid arrays at the top level since the window start. */
  private rootNumeric = true;
  /** The last unmatched closer reached while rootNumeric held (a literal cut by the window start). */
  private cutCloseAt = -1;
  // The two previous tokens, for telling a call/subscript from a literal.
  private p1Kind: TokenKind = T_NEWLINE;
  private p1Start = -1;
  private p1End = -1;
  private p1Flags = 0;
  private p2Kind: TokenKind = T_NEWLINE;
  private p2Start = -1;
  private p2Flags = 0;

  private started = false;
  /** The WebAssembly reader of plain items, where it loads (plainItems falls back to JS item by item). */
  private readonly numbers = plainNumbers();

  constructor(private readonly req: ScanRequest) {
    this.lex = new Lexer(req.text, req.from, req.to, req.dialect, req.more);
  }

  step(stop: () => boolean): boolean {
    const lex = this.lex;
    if (!this.started) {
      lex.next();
      this.started = true;
    }
    for (let budget = STEP_TOKENS; ; budget--) {
      const k = lex.kind;
      if (k === T_EOF) return true;
      if (budget <= 0) {
        if (stop()) return false;
        budget = STEP_TOKENS;
      }
      const s = lex.start;
      let e = lex.end;
      const v = lex.value;
      const flags = lex.flags;
      lex.next();
      if (this.excess > 0) {
        if (isOpen(k)) this.excess++;
        else if (isClose(k)) this.excess--;
      } else {
        const F = this.sp > 0 ? this.frames[this.sp - 1] : undefined;
        if (isOpen(k)) this.open(k, s, F);
        else if (isClose(k)) this.close(k, s, e, F);
        else if (k === T_NUM || k === T_BOOL) this.scalar(F, s, v, k === T_BOOL);
        else if (k === T_PLUS || k === T_MINUS) {
          if (F && (F.role === ROLE_LIST || F.role === ROLE_TUPLE) && lex.kind === T_NUM && this.signStartsItem(F, s, e, lex.start)) {
            const n = lex.value;
            e = lex.end;
            lex.next();
            this.scalar(F, s, k === T_MINUS ? -n : n, false);
          } else if (F) {
            this.other(F);
          }
        } else if (k === T_COMMA) this.comma(F);
        else if (k === T_SEMI) this.semi(F);
        else if (k === T_NEWLINE) {
          if (F && F.role === ROLE_LIST && F.valid && F.state === ST_AFTER_ITEM) F.nl = true;
        } else if (F) this.other(F);
        else this.rootNumeric = false;
      }
      this.p2Kind = this.p1Kind;
      this.p2Start = this.p1Start;
      this.p2Flags = this.p1Flags;
      this.p1Kind = k;
      this.p1Start = s;
      this.p1End = e;
      this.p1Flags = flags;
      if (k === T_COMMA && this.excess === 0) {
        const G = this.sp > 0 ? this.frames[this.sp - 1]! : undefined;
        if (G?.valid && G.state === ST_AFTER_COMMA && (G.role === ROLE_LIST || G.role === ROLE_TUPLE) && G.itemKind !== ITEM_INVALID && G.itemKind < 0) {
          budget -= this.plainItems(G);
        }
      }
    }
  }

  /**
   * The body of a large literal, `1.5, -2, 3e-4, …`, read straight from the text: items that are
   * a plain number (optionally `-` touching it) followed by spaces and a comma. Each one does
   * what the token path does for NUM (or MINUS NUM) then COMMA after a comma in a valid list; at
   * the first text that is anything else (a line break, a bracket, a comment, the last item
   * before `]`) the token path takes over there. At most FAST_ITEMS per call, so slices stay short.
   * Runs of such items go to the WebAssembly reader (plainNumbers.ts, 3x faster, the same bits);
   * the JS loop reads what it leaves, one item at a time.
   */
  private plainItems(F: Frame): number {
    const lex = this.lex;
    if (lex.kind !== T_NUM && lex.kind !== T_MINUS) return 0;
    // In the lexer's coordinates: its text holds the whole text's [base, to).
    const text = lex.text;
    const base = lex.base;
    const to = lex.to - base;
    // Room for every item of this call, so the loop stores without a capacity check.
    if (this.values.length - this.nValues < FAST_ITEMS) this.grow(this.nValues + FAST_ITEMS);
    const values = this.values;
    let nv = this.nValues;
    let i = lex.start - base;
    let n = 0;
    let lastStart = -1;
    let lastNeg = false;
    let lastComma = -1;
    const bulk = this.numbers;
    while (n < FAST_ITEMS) {
      if (bulk !== undefined && n >= JS_ITEMS_FIRST) {
        // As many items as the WebAssembly reader can give exactly; the JS below reads the next one (or stops).
        const k = bulk.read(text, lex.textId, i, to, values, nv, FAST_ITEMS - n);
        if (k > 0) {
          nv += k;
          n += k;
          lastStart = bulk.lastStart;
          lastNeg = bulk.lastNeg;
          lastComma = bulk.lastComma;
          i = bulk.next;
          if (n >= FAST_ITEMS) break;
        }
      }
      let j = i;
      let c = j < to ? text.charCodeAt(j) : -1;
      while (c === 32 || c === 9) c = ++j < to ? text.charCodeAt(j) : -1;
      const s = j;
      const neg = c === 45;
      if (neg) c = ++j < to ? text.charCodeAt(j) : -1;
      if (c < 48 || c > 57) break;
      // The digits as an integer m with `frac` of them after the dot (see fastDecimal).
      const ns = j;
      let m = 0;
      let frac = 0;
      while (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        c = ++j < to ? text.charCodeAt(j) : -1;
      }
      if (c === 46) {
        c = ++j < to ? text.charCodeAt(j) : -1;
        const fs = j;
        while (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          c = ++j < to ? text.charCodeAt(j) : -1;
        }
        frac = j - fs;
      }
      let exp = 0;
      if (c === 101 || c === 69) {
        let k = j + 1;
        let d = k < to ? text.charCodeAt(k) : -1;
        const minus = d === 45;
        if (d === 43 || d === 45) d = ++k < to ? text.charCodeAt(k) : -1;
        if (d < 48 || d > 57) break;
        while (d >= 48 && d <= 57) {
          if (exp < 100000) exp = exp * 10 + (d - 48);
          d = ++k < to ? text.charCodeAt(k) : -1;
        }
        if (minus) exp = -exp;
        j = k;
        c = d;
      }
      const ne = j;
      while (c === 32 || c === 9) c = ++j < to ? text.charCodeAt(j) : -1;
      if (c !== 44) break;
      const p = exp - frac;
      // m below 2^53 was summed exactly (a larger sum stays at or above 2^53 when rounded).
      const v = m > MAX_EXACT || p > 22 || p < -22 ? Number(text.slice(ns, ne)) : p >= 0 ? m * POW10[p]! : m / POW10[-p]!;
      values[nv++] = neg ? -v : v;
      lastStart = s;
      lastNeg = neg;
      lastComma = j;
      n++;
      i = j + 1;
    }
    this.nValues = nv;
    if (n === 0) return 0;
    F.itemKind = ITEM_SCALAR;
    F.cur += n;
    F.count += n;
    F.state = ST_AFTER_COMMA;
    F.nl = false;
    F.comma = true;
    this.p2Kind = lastNeg ? T_MINUS : T_NUM;
    this.p2Start = lastStart + base;
    this.p2Flags = 0;
    this.p1Kind = T_COMMA;
    this.p1Start = lastComma + base;
    this.p1End = lastComma + base + 1;
    this.p1Flags = 0;
    lex.seek(i + base);
    lex.next();
    return 2 * n;
  }

  /**
   * Every outermost literal of a window that is the whole text: for any offset, result() of a
   * scan at that offset is the one of these that contains it, or undefined when none does. Their
   * data are views of one buffer (no copy; do not transfer it).
   */
  results(): ScanResult[] {
    if (this.req.clippedStart || this.req.clippedEnd) throw new Error('results() needs a window that is the whole text');
    const out: ScanResult[] = [];
    for (const c of this.outermost) {
      const r = this.extract(c, false);
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  result(): ScanResult | undefined {
    const c = this.candidate;
    if (!c) return undefined;
    // A literal that may continue past the window is not returned in part.
    if (this.req.clippedStart && this.cutCloseAt >= c.end) return undefined;
    // Numbers and arrays from edge to edge of a window cut on both sides: likely the middle of one.
    if (this.req.clippedStart && this.req.clippedEnd && this.rootNumeric) return undefined;
    if (this.req.clippedEnd) {
      for (let i = 0; i < this.sp; i++) {
        const G = this.frames[i]!;
        if (G.openStart < c.start && G.valid && (G.role === ROLE_LIST || G.role === ROLE_TUPLE)) return undefined;
      }
    }
    return this.extract(c, true);
  }

  private extract(c: Candidate, copy: boolean): ScanResult | undefined {
    const shape = this.shapes.toArray(c.shape);
    let size = 1;
    for (const d of shape) size *= d;
    if (c.valueTo - c.valueFrom !== size) return undefined; // cannot happen: the shape was counted from these values
    const data = copy ? this.values.slice(c.valueFrom, c.valueTo) : this.values.subarray(c.valueFrom, c.valueTo);
    return { shape, data, start: c.start, end: c.end };
  }

  /** Makes room for at least `n` values (doubling). */
  private grow(n: number): void {
    let size = this.values.length;
    while (size < n) size *= 2;
    const values = new Float64Array(size);
    values.set(this.values.subarray(0, this.nValues));
    this.values = values;
  }

  private push(v: number): void {
    if (this.nValues === this.values.length) this.grow(this.nValues + 1);
    this.values[this.nValues++] = v;
  }

  private open(k: TokenKind, s: number, F: Frame | undefined): void {
    let role = ROLE_OPAQUE;
    let wrapStart = s;
    const afterOperand = (this.p1Kind === T_IDENT && (this.p1Flags & KEYWORD) === 0) || isClose(this.p1Kind) || this.p1Kind === T_STRING;
    if (k === T_OPEN_SQ) {
      // `a[0]`, `f(x)[1]`: a subscript, not a list (a space before `[` reads as prose: "values [1, 2]").
      role = afterOperand && this.p1End === s ? ROLE_OPAQUE : ROLE_LIST;
    } else if (k === T_OPEN_PAREN) {
      if (this.p1Kind === T_IDENT && (this.p1Flags & WRAPPER) !== 0) {
        role = ROLE_CALL;
        wrapStart = this.p2Kind === T_IDENT && (this.p2Flags & NEW) !== 0 ? this.p2Start : this.p1Start;
      } else if ((this.req.dialect === 'python' || this.req.dialect === 'generic') && !afterOperand) {
        role = ROLE_TUPLE;
      }
    }
    if (this.sp >= MAX_NEST) {
      this.excess = 1;
      if (F) this.invalidate(F);
      return;
    }
    if (F) this.beginChild(F, s, role);
    const G = (this.frames[this.sp] ??= newFrame());
    this.sp++;
    this.openCount[bracketIndex(k)]!++;
    G.role = role;
    G.closeKind = CLOSE_OF[bracketIndex(k)]!;
    G.openStart = s;
    G.valid = true;
    G.state = ST_START;
    G.nl = false;
    G.itemKind = ITEM_NONE;
    G.cur = 0;
    G.rows = 0;
    G.cols = 0;
    G.count = 0;
    G.comma = false;
    G.semi = false;
    G.ragged = false;
    G.hasBool = false;
    G.callState = CALL_EXPECT;
    G.wrapStart = wrapStart;
    G.argShape = ITEM_INVALID;
    G.valueFrom = this.nValues;
    G.argFrom = 0;
    G.argTo = 0;
  }

  private close(k: TokenKind, s: number, e: number, F: Frame | undefined): void {
    if (this.openCount[bracketIndex(k)] === 0) {
      if (F)
        this.invalidate(F); // a stray closer inside a literal breaks it
      else if (this.rootNumeric) this.cutCloseAt = s;
      return;
    }
    // Mismatched nesting like `[1, (2]`: the frames opened since the matching one stay unclosed.
    while (this.frames[this.sp - 1]!.closeKind !== k) this.pop(false, e);
    this.pop(true, e);
  }

  private pop(closed: boolean, e: number): void {
    const G = this.frames[--this.sp]!;
    this.openCount[bracketIndex(G.closeKind)]!--;
    let kind = ITEM_INVALID;
    const off = this.req.offset;
    if (closed) {
      let c: Candidate | undefined;
      if (G.role === ROLE_LIST || G.role === ROLE_TUPLE) {
        kind = this.finish(G);
        if (kind >= 0 && !G.hasBool) c = { start: G.openStart, end: e, valueFrom: G.valueFrom, valueTo: this.nValues, shape: kind };
      } else if (G.role === ROLE_CALL && (G.callState === CALL_AFTER_FIRST || G.callState === CALL_DONE)) {
        c = { start: G.wrapStart, end: e, valueFrom: G.argFrom, valueTo: G.argTo, shape: G.argShape };
      }
      if (c !== undefined) {
        if (c.start <= off && off < e) this.candidate = c;
        // The ones closed before inside it are not outermost any more.
        const outer = this.outermost;
        while (outer.length > 0 && outer[outer.length - 1]!.start >= c.start) outer.pop();
        outer.push(c);
      }
    }
    const P = this.sp > 0 ? this.frames[this.sp - 1] : undefined;
    if (P) this.endChild(P, kind, G.hasBool, G.valueFrom);
    else if (kind < 0) this.rootNumeric = false;
  }

  /** The shape id of a closed list/tuple, or ITEM_INVALID. */
  private finish(G: Frame): number {
    if (!G.valid) return ITEM_INVALID;
    if (G.cur > 0) this.rowBreak(G);
    if (G.count === 0) return ITEM_INVALID; // [] has no values to show
    if (G.role === ROLE_TUPLE && !G.comma) return ITEM_INVALID; // (1) is a parenthesised number
    let id: number;
    if (G.ragged) {
      // Line breaks were wraps, not rows: numpy prints a long row over several lines.
      if (G.semi || this.req.dialect === 'matlab' || G.itemKind !== ITEM_SCALAR) return ITEM_INVALID;
      id = this.shapes.intern(G.count, ITEM_SCALAR);
    } else if (G.rows === 1) {
      if (G.itemKind >= 0 && this.shapes.ndims[G.itemKind]! >= MAX_NDIM) return ITEM_INVALID;
      id = this.shapes.intern(G.cols, G.itemKind);
    } else {
      if (G.itemKind !== ITEM_SCALAR) return ITEM_INVALID; // MATLAB [[1 2]; [3 4]] concatenation
      id = this.shapes.intern(G.rows, this.shapes.intern(G.cols, ITEM_SCALAR));
    }
    return id;
  }

  private rowBreak(F: Frame): void {
    if (F.cur === 0) return; // MATLAB ignores empty rows: [1 2;] and [;1 2]
    if (F.rows === 0) F.cols = F.cur;
    else if (F.cur !== F.cols) F.ragged = true;
    F.rows++;
    F.cur = 0;
  }

  private invalidate(F: Frame): void {
    if (F.role === ROLE_CALL) {
      if (F.callState !== CALL_DONE) F.callState = CALL_FAIL;
    } else {
      F.valid = false;
    }
  }

  /** Separator rules before an item (a scalar or a bracket) in a list or tuple. */
  private beginItem(F: Frame, s: number, isGroup: boolean): void {
    if (!F.valid || F.state !== ST_AFTER_ITEM) return;
    if (F.role === ROLE_TUPLE) {
      F.valid = false; // Python needs commas
      return;
    }
    if (F.nl) {
      // A line break between scalars starts a row (MATLAB); between arrays it separates them
      // the way numpy prints them: [[1 2]\n [3 4]].
      if (!isGroup) this.rowBreak(F);
      return;
    }
    // Juxtaposed with a space, `[1 2 3]` (MATLAB, numpy print); touching, `1.2.3`, is not.
    if (s <= this.p1End) F.valid = false;
  }

  private endItem(F: Frame, kind: number, hasBool: boolean): void {
    if (!F.valid) return;
    if (kind === ITEM_INVALID || (F.itemKind !== ITEM_NONE && F.itemKind !== kind)) {
      F.valid = false;
      return;
    }
    F.itemKind = kind;
    F.cur++;
    F.count++;
    F.state = ST_AFTER_ITEM;
    F.nl = false;
    if (hasBool) F.hasBool = true;
  }

  private beginChild(F: Frame, s: number, role: number): void {
    if (F.role === ROLE_CALL) {
      if (F.callState === CALL_EXPECT) {
        if (role !== ROLE_LIST && role !== ROLE_TUPLE) F.callState = CALL_FAIL;
      } else if (F.callState === CALL_AFTER_FIRST) {
        F.callState = CALL_FAIL;
      }
      return;
    }
    if (F.role === ROLE_OPAQUE) return;
    this.beginItem(F, s, true);
  }

  private endChild(F: Frame, kind: number, hasBool: boolean, valueFrom: number): void {
    if (F.role === ROLE_CALL) {
      if (F.callState === CALL_EXPECT) {
        if (kind >= 0) {
          F.callState = CALL_AFTER_FIRST;
          F.argShape = kind;
          F.argFrom = valueFrom;
          F.argTo = this.nValues;
        } else {
          F.callState = CALL_FAIL;
        }
      }
      return;
    }
    if (F.role === ROLE_OPAQUE) return;
    this.endItem(F, kind, hasBool);
  }

  /**
   * Whether a sign before a number makes a new item. After `[`, `,`, `;` or a line break it is
   * unary (spaces allowed: `- 1`); right after an item only MATLAB's `[1 -2]` (space before,
   * none after) is; `[1 - 2]` and `[1-2]` are arithmetic, which a literal does not contain.
   */
  private signStartsItem(F: Frame, signStart: number, signEnd: number, numStart: number): boolean {
    if (F.state !== ST_AFTER_ITEM || F.nl) return true;
    return signStart > this.p1End && numStart === signEnd;
  }

  private scalar(F: Frame | undefined, s: number, v: number, isBool: boolean): void {
    if (!F) return;
    if (F.role !== ROLE_LIST && F.role !== ROLE_TUPLE) {
      if (F.role === ROLE_CALL) this.invalidate(F); // np.array(5): a 0-d array, not a literal to pool
      return;
    }
    this.beginItem(F, s, false);
    this.endItem(F, ITEM_SCALAR, isBool);
    if (F.valid) {
      this.push(v);
    }
  }

  private comma(F: Frame | undefined): void {
    if (!F) return;
    if (F.role === ROLE_CALL) {
      if (F.callState === CALL_AFTER_FIRST) F.callState = CALL_DONE;
      else if (F.callState === CALL_EXPECT) F.callState = CALL_FAIL;
      return;
    }
    if (F.role === ROLE_OPAQUE || !F.valid) return;
    if (F.state !== ST_AFTER_ITEM) {
      F.valid = false; // [,1] or [1,,2] (a JS hole)
      return;
    }
    F.state = ST_AFTER_COMMA;
    F.nl = false;
    F.comma = true;
  }

  private semi(F: Frame | undefined): void {
    if (!F) return;
    if (F.role !== ROLE_LIST) {
      this.other(F);
      return;
    }
    if (!F.valid) return;
    this.rowBreak(F);
    F.semi = true;
    F.state = ST_AFTER_SEMI;
    F.nl = false;
  }

  /** A token that cannot be part of a literal. */
  private other(F: Frame): void {
    if (F.role !== ROLE_OPAQUE) this.invalidate(F);
  }
}
