/**
 * Tokenizer for the array-literal finder (see literal.ts). It only needs to tell numbers,
 * brackets and separators apart from everything else, and to skip comments and strings of the
 * document's language so that brackets inside them are not seen. Every loop advances and is
 * bounded by `to`, so a scan is linear in the window it is given.
 */

/** Token kinds (plain numbers: cheap to compare in the hot loop). */
export const TK = {
  EOF: 0,
  NUM: 1, // a number or a numeric constant (nan, np.inf, float('nan'), ...)
  BOOL: 2, // Python True/False
  OPEN_SQ: 3,
  OPEN_PAREN: 4,
  OPEN_BRACE: 5,
  CLOSE_SQ: 6,
  CLOSE_PAREN: 7,
  CLOSE_BRACE: 8,
  COMMA: 9,
  SEMI: 10,
  NEWLINE: 11,
  PLUS: 12,
  MINUS: 13,
  IDENT: 14,
  STRING: 15,
  OTHER: 16, // operators, malformed numbers (1j, 0x1f), anything else
} as const;
export type TokenKind = (typeof TK)[keyof typeof TK];

/** Flags on IDENT tokens. */
export const IDENT_KEYWORD = 1; // `return [1, 2]`: a bracket after it is a literal, not a call/subscript
export const IDENT_WRAPPER = 2; // np.array, torch.tensor, Float32Array, ...
export const IDENT_NEW = 4; // JS `new`

/**
 * Comment and string rules. 'generic' is for unknown languages, plain text and Markdown prose:
 * `#`, `//`, `/* *\/` comments, a `%` comment only when it stands alone between spaces, and
 * quotes that follow a letter are apostrophes.
 */
export type Dialect = 'python' | 'js' | 'matlab' | 'generic';

const WRAPPER_LAST = new Set([
  // NumPy / JAX / CuPy (any module prefix: np., numpy., jnp., cp., or a bare imported name)
  'array',
  'asarray',
  'asanyarray',
  'ascontiguousarray',
  'asfortranarray',
  'matrix',
  // PyTorch
  'tensor',
  'Tensor',
  'as_tensor',
  'FloatTensor',
  'DoubleTensor',
  'HalfTensor',
  'IntTensor',
  'LongTensor',
  'ShortTensor',
  'ByteTensor',
  'BoolTensor',
  // TensorFlow / TF.js
  'constant',
  'convert_to_tensor',
  'Variable',
  'tensor1d',
  'tensor2d',
  'tensor3d',
  'tensor4d',
  'tensor5d',
  'tensor6d',
  // JS typed arrays: new Float32Array([...])
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint16Array',
  'Uint32Array',
  'Uint8ClampedArray',
]);
const TYPED_ARRAY_PREFIX = /^(?:Float(?:32|64)|U?Int(?:8|16|32)|Uint8Clamped)?Array$/;

const KEYWORDS = new Set([
  'return',
  'yield',
  'in',
  'and',
  'or',
  'not',
  'is',
  'if',
  'elif',
  'else',
  'assert',
  'del',
  'await',
  'of',
  'typeof',
  'case',
  'void',
  'delete',
  'throw',
]);

/** NumPy's scalar types as a literal names them: np.float32, numpy.uint8. */
const numpyNames = (...types: string[]): string[] => types.flatMap((t) => [`np.${t}`, `numpy.${t}`]);
/**
 * Callables whose argument is a float: float('nan'), np.float64("inf"), and NumPy 2's scalar
 * reprs, which a printed list of NumPy scalars is made of: [np.float64(0.5488135039273248), np.float32(nan)].
 */
const FLOAT_FUNCS = new Set(['float', ...numpyNames('float64', 'float32', 'float16', 'double', 'single', 'half')]);
/** NumPy 2's integer scalar reprs: np.int64(3), np.uint8(255) (an integer argument only). */
const INT_FUNCS = new Set(numpyNames('int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'intc', 'intp'));
const INT_TEXT = /^[+-]?\d+$/;
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOAT_TEXT = /^([+-]?)(nan|inf|infinity)$/i;
/** float('...') arguments longer than this are not numbers anyway; bounds the look-ahead. */
const MAX_FLOAT_ARG = 64;

const C = {
  TAB: 9,
  LF: 10,
  VT: 11,
  FF: 12,
  CR: 13,
  SPACE: 32,
  BANG: 33,
  DQUOTE: 34,
  HASH: 35,
  DOLLAR: 36,
  PERCENT: 37,
  SQUOTE: 39,
  LPAREN: 40,
  RPAREN: 41,
  STAR: 42,
  PLUS: 43,
  COMMA: 44,
  MINUS: 45,
  DOT: 46,
  SLASH: 47,
  D0: 48,
  D9: 57,
  SEMI: 59,
  LBRACKET: 91,
  BACKSLASH: 92,
  RBRACKET: 93,
  UNDERSCORE: 95,
  BACKTICK: 96,
  LBRACE: 123,
  RBRACE: 125,
  E_LOWER: 101,
  E_UPPER: 69,
} as const;

function isDigit(c: number): boolean {
  return c >= C.D0 && c <= C.D9;
}
/** Whitespace other than line breaks, including the Unicode spaces editors let through. */
function isSpace(c: number): boolean {
  return (
    c === C.SPACE ||
    c === C.TAB ||
    c === C.VT ||
    c === C.FF ||
    c === 0xa0 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x3000 ||
    c === 0x1680 ||
    c === 0x202f ||
    c === 0x205f
  );
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === C.UNDERSCORE || c === C.DOLLAR || (c >= 128 && !isSpace(c));
}
export function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The value of the unsigned decimal text[i, j) (digits, an optional dot, an optional exponent)
 * without making a string, or −1 when the fast path does not apply. When the digits make an
 * integer m < 2^53 they were summed exactly, and 10^p is exact for |p| ≤ 22, so one
 * multiplication or division rounds once: the same double as Number(text) and Python's float()
 * (Clinger's fast path). Anything else (larger m, larger exponents, `_`) goes to Number.
 */
export function fastDecimal(text: string, i: number, j: number): number {
  let m = 0;
  let frac = 0;
  let dot = false;
  let k = i;
  for (; k < j; k++) {
    const c = text.charCodeAt(k);
    if (c >= C.D0 && c <= C.D9) {
      m = m * 10 + (c - C.D0);
      if (dot) frac++;
    } else if (c === C.DOT && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  // A sum past 2^53 may have rounded (and, rounded, it stays at or above 2^53).
  if (m > 2 ** 53 - 1) return -1;
  let e = 0;
  if (k < j) {
    const c = text.charCodeAt(k);
    if (c !== C.E_LOWER && c !== C.E_UPPER) return -1;
    k++;
    let sign = 1;
    const sc = text.charCodeAt(k);
    if (sc === C.MINUS || sc === C.PLUS) {
      if (sc === C.MINUS) sign = -1;
      k++;
    }
    for (; k < j; k++) {
      const d = text.charCodeAt(k);
      if (d < C.D0 || d > C.D9 || e > 1000) return -1;
      e = e * 10 + (d - C.D0);
    }
    e *= sign;
  }
  const p = e - frac;
  if (p >= 0) return p > 22 ? -1 : m * POW10[p]!;
  return p < -22 ? -1 : m / POW10[-p]!;
}

export class Lexer {
  kind: TokenKind = TK.EOF;
  start = 0;
  end = 0;
  value = 0;
  /** IDENT_* bits for IDENT tokens. */
  flags = 0;
  private i: number;

  /** The text read so far from `base` on (offsets are the whole text's; `text` holds [base, to)). */
  text: string;
  base = 0;
  to: number;
  /** Changes whenever `text` does (a refill): readers that copied the text know theirs is old. */
  textId = 0;
  /** The pieces still to read (undefined once there are none). */
  private more: (() => string | undefined) | undefined;
  /** Lookbacks stop here: the window's start, or the line start a refill kept. */
  private lo: number;

  /**
   * `more` gives the text after `to` piece by piece (each ending with a line break, except the
   * last; undefined when there is no more): then `text` is the first piece and `to` its length.
   */
  constructor(
    text: string,
    private readonly from: number,
    to: number,
    private readonly dialect: Dialect,
    more?: () => string | undefined,
  ) {
    this.more = more;
    this.text = text;
    this.to = to;
    this.i = from;
    this.lo = from;
  }

  /**
   * Reads the next piece, keeping the text from the start of the line `from` is on (every
   * lookback stays within its line). False when there is no more.
   */
  private refill(from: number): boolean {
    if (this.more === undefined) return false;
    let piece: string | undefined;
    do piece = this.more();
    while (piece === '');
    if (piece === undefined) {
      this.more = undefined;
      return false;
    }
    this.textId++;
    if (from >= this.to) {
      // At a piece's end (after its line break): the next piece as it is, a flat string (fast to read).
      this.text = piece;
      this.base = this.to;
      this.lo = Math.max(this.from, this.to);
      this.to += piece.length;
      return true;
    }
    let keep = from;
    while (keep > this.lo) {
      const c = this.text.charCodeAt(keep - 1 - this.base);
      if (c === C.LF || c === C.CR) break;
      keep--;
    }
    this.text = this.text.slice(keep - this.base) + piece;
    this.base = keep;
    this.lo = Math.max(this.from, keep);
    this.to += piece.length;
    return true;
  }

  private code(j: number): number {
    if (j < this.to) return this.text.charCodeAt(j - this.base);
    this.hitEnd = true;
    return -1;
  }

  /** Continues reading at j (the scanner's fast path read up to there itself). */
  seek(j: number): void {
    this.i = j;
  }

  private emit(kind: TokenKind, start: number, end: number, value = 0, flags = 0): void {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.value = value;
    this.flags = flags;
    this.i = end;
  }

  /** Loads the next token into kind/start/end/value/flags. */
  next(): void {
    this.token();
    // A token (or the comments and spaces before it) that reached or looked past the end of the
    // text read so far may go on in the next piece: read it and lex again from there.
    // A line break is complete by itself: the piece after it is read when the next token needs it.
    while (this.more !== undefined && ((this.end >= this.to && this.kind !== TK.NEWLINE) || this.hitEnd)) {
      const again = this.skipped;
      if (!this.refill(again)) break;
      this.i = again;
      this.token();
    }
  }

  /** Where the current token's leading comments and spaces began. */
  private skipped = 0;
  /** A lookahead reached the end of the text read so far. */
  private hitEnd = false;

  private token(): void {
    const d = this.dialect;
    let i = this.i;
    this.skipped = i;
    this.hitEnd = false;
    for (;;) {
      if (i >= this.to) return this.emit(TK.EOF, this.to, this.to);
      const c = this.text.charCodeAt(i - this.base);
      if (c === C.LF || c === C.CR) return this.emit(TK.NEWLINE, i, i + 1);
      if (isSpace(c)) {
        i++;
        continue;
      }
      const skip = this.comment(i, c);
      if (skip > i) {
        i = skip;
        continue;
      }
      if (isDigit(c) || (c === C.DOT && isDigit(this.code(i + 1)))) return this.number(i);
      if (isIdentStart(c)) return this.identifier(i);
      if (c === C.DQUOTE || c === C.SQUOTE || (c === C.BACKTICK && d === 'js')) {
        const end = this.string(i, c);
        if (end > i) return this.emit(TK.STRING, i, end);
        return this.emit(TK.OTHER, i, i + 1); // an apostrophe or MATLAB transpose
      }
      switch (c) {
        case C.LBRACKET:
          return this.emit(TK.OPEN_SQ, i, i + 1);
        case C.LPAREN:
          return this.emit(TK.OPEN_PAREN, i, i + 1);
        case C.LBRACE:
          return this.emit(TK.OPEN_BRACE, i, i + 1);
        case C.RBRACKET:
          return this.emit(TK.CLOSE_SQ, i, i + 1);
        case C.RPAREN:
          return this.emit(TK.CLOSE_PAREN, i, i + 1);
        case C.RBRACE:
          return this.emit(TK.CLOSE_BRACE, i, i + 1);
        case C.COMMA:
          return this.emit(TK.COMMA, i, i + 1);
        case C.SEMI:
          return this.emit(TK.SEMI, i, i + 1);
        case C.PLUS:
          return this.emit(TK.PLUS, i, i + 1);
        case C.MINUS:
          return this.emit(TK.MINUS, i, i + 1);
        case C.DOT:
          // `...`: numpy's elision in printed arrays (never a literal) or a MATLAB continuation.
          if (this.code(i + 1) === C.DOT && this.code(i + 2) === C.DOT) {
            return this.emit(TK.OTHER, i, i + 3);
          }
          return this.emit(TK.OTHER, i, i + 1);
        default:
          return this.emit(TK.OTHER, i, i + 1);
      }
    }
  }

  /** If a comment (or MATLAB continuation) starts at i, the index after it; else i. */
  private comment(i: number, c: number): number {
    const d = this.dialect;
    if (c === C.HASH) {
      if (d === 'python' || d === 'matlab') return this.lineEnd(i);
      if (d === 'generic') {
        // `C#`, `this.#x`, `&#123;` are not comments.
        const p = i > this.lo ? this.text.charCodeAt(i - 1 - this.base) : -1;
        if (!isIdentChar(p) && p !== C.DOT && p !== 38 /* & */) return this.lineEnd(i);
      }
      return i;
    }
    if (c === C.SLASH && (d === 'js' || d === 'generic')) {
      const n = this.code(i + 1);
      if (n === C.SLASH) return this.lineEnd(i);
      if (n === C.STAR) {
        for (let j = i + 2; j + 1 < this.to; j++) {
          if (this.text.charCodeAt(j - this.base) === C.STAR && this.text.charCodeAt(j + 1 - this.base) === C.SLASH) return j + 2;
        }
        return this.to;
      }
      return i;
    }
    if (c === C.PERCENT) {
      if (d === 'matlab') return this.matlabComment(i);
      if (d === 'generic') {
        const p = i > this.lo ? this.text.charCodeAt(i - 1 - this.base) : C.LF;
        const n = this.code(i + 1);
        const beforeOk = p === C.LF || p === C.CR || isSpace(p);
        const afterOk = n === -1 || n === C.LF || n === C.CR || isSpace(n) || n === C.PERCENT || n === C.LBRACE;
        if (beforeOk && afterOk) return this.lineEnd(i);
      }
      return i;
    }
    if (c === C.DOT && this.code(i + 1) === C.DOT && this.code(i + 2) === C.DOT) {
      // MATLAB continuation: the rest of the line and the line break are ignored. Elsewhere only
      // a `...` ending its line is one (mid-line it is numpy's elision: `[0 1 ... 8 9]`).
      if (d !== 'matlab' && d !== 'generic') return i;
      // Look past spaces only, never to the end of a long line: a line of dots has one `...` per
      // three characters, and scanning the rest of the line for each made this quadratic.
      if (d === 'generic' && !this.lineBreakAfterSpaces(i + 3)) return i;
      const e = this.lineEnd(i);
      if (e < this.to && this.text.charCodeAt(e - this.base) === C.CR && this.code(e + 1) === C.LF) return e + 2;
      return e < this.to ? e + 1 : e;
    }
    return i;
  }

  /** MATLAB `%` line comment, or a `%{ ... %}` block when `%{` stands alone on its line. */
  private matlabComment(i: number): number {
    const e = this.lineEnd(i);
    if (this.code(i + 1) !== C.LBRACE || !this.blankBetween(this.lineStart(i), i) || !this.blankBetween(i + 2, e)) {
      return e;
    }
    let j = e;
    while (j < this.to) {
      j++; // past the line break
      const ls = j;
      const le = this.lineEnd(ls);
      let k = ls;
      while (k < le && isSpace(this.text.charCodeAt(k - this.base))) k++;
      if (this.code(k) === C.PERCENT && this.code(k + 1) === C.RBRACE && this.blankBetween(k + 2, le)) return le;
      j = le;
    }
    return this.to;
  }

  private lineEnd(i: number): number {
    let j = i;
    while (j < this.to) {
      const c = this.text.charCodeAt(j - this.base);
      if (c === C.LF || c === C.CR) break;
      j++;
    }
    return j;
  }

  private lineStart(i: number): number {
    let j = i;
    while (j > this.lo) {
      const c = this.text.charCodeAt(j - 1 - this.base);
      if (c === C.LF || c === C.CR) break;
      j--;
    }
    return j;
  }

  /** Only spaces from j to the end of the line (or of the window). */
  private lineBreakAfterSpaces(j: number): boolean {
    while (j < this.to && isSpace(this.text.charCodeAt(j - this.base))) j++;
    return j >= this.to || this.text.charCodeAt(j - this.base) === C.LF || this.text.charCodeAt(j - this.base) === C.CR;
  }

  private blankBetween(a: number, b: number): boolean {
    for (let j = a; j < b; j++) if (!isSpace(this.text.charCodeAt(j - this.base))) return false;
    return true;
  }

  /**
   * The end of a string starting at i, or i when the quote does not open one (an apostrophe in
   * prose, a MATLAB transpose). Single-line strings end at the line break even if unterminated,
   * which bounds the damage of a stray quote.
   */
  private string(i: number, q: number): number {
    const d = this.dialect;
    const p = i > this.lo ? this.text.charCodeAt(i - 1 - this.base) : -1;
    if (d === 'matlab') {
      if (q === C.SQUOTE && (isIdentChar(p) || p === C.RPAREN || p === C.RBRACKET || p === C.RBRACE || p === C.DOT || p === C.SQUOTE)) {
        return i; // transpose
      }
      return this.scanDoubledQuote(i, q);
    }
    if (isIdentChar(p)) return i; // don't, it's: apostrophes
    if (q === C.BACKTICK) return this.scanEscaped(i + 1, q, true);
    if ((d === 'python' || d === 'generic') && this.code(i + 1) === q && this.code(i + 2) === q) {
      return this.scanTriple(i + 3, q);
    }
    return this.scanEscaped(i + 1, q, false);
  }

  private scanEscaped(j: number, q: number, multiline: boolean): number {
    while (j < this.to) {
      const c = this.text.charCodeAt(j - this.base);
      if (c === C.BACKSLASH) {
        j += 2;
        continue;
      }
      if (c === q) return j + 1;
      if (!multiline && (c === C.LF || c === C.CR)) return j;
      j++;
    }
    return this.to;
  }

  private scanTriple(j: number, q: number): number {
    while (j < this.to) {
      const c = this.text.charCodeAt(j - this.base);
      if (c === C.BACKSLASH) {
        j += 2;
        continue;
      }
      if (c === q && this.code(j + 1) === q && this.code(j + 2) === q) return j + 3;
      j++;
    }
    return this.to;
  }

  /** MATLAB strings: no backslash escapes, a doubled quote stands for one. */
  private scanDoubledQuote(i: number, q: number): number {
    let j = i + 1;
    while (j < this.to) {
      const c = this.text.charCodeAt(j - this.base);
      if (c === q) {
        if (this.code(j + 1) === q) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      if (c === C.LF || c === C.CR) return j;
      j++;
    }
    return this.to;
  }

  /** Digits with Python/JS `_` separators (only between two digits). */
  private digits(j: number): number {
    while (j < this.to) {
      const c = this.text.charCodeAt(j - this.base);
      if (isDigit(c)) j++;
      else if (c === C.UNDERSCORE && j > this.lo && isDigit(this.text.charCodeAt(j - 1 - this.base)) && isDigit(this.code(j + 1))) j++;
      else break;
    }
    return j;
  }

  private number(i: number): void {
    let j = this.digits(i);
    // `5.` is a number, but the dot of `5...` (MATLAB continuation) is not part of it.
    if (this.code(j) === C.DOT && !(this.code(j + 1) === C.DOT && this.code(j + 2) === C.DOT)) {
      j = this.digits(j + 1);
    }
    const e = this.code(j);
    if (e === C.E_LOWER || e === C.E_UPPER) {
      let k = j + 1;
      const s = this.code(k);
      if (s === C.PLUS || s === C.MINUS) k++;
      if (isDigit(this.code(k))) j = this.digits(k);
    }
    const after = this.code(j);
    if (isIdentChar(after) || (after === C.DOT && !(this.code(j + 1) === C.DOT && this.code(j + 2) === C.DOT))) {
      // 1j, 0x1f, 10n, 1.5f, 1.2.3: not a plain real number.
      let k = j;
      while (isIdentChar(this.code(k)) || this.code(k) === C.DOT) k++;
      return this.emit(TK.OTHER, i, k);
    }
    const fast = fastDecimal(this.text, i - this.base, j - this.base);
    if (fast >= 0) return this.emit(TK.NUM, i, j, fast);
    const raw = this.text.slice(i - this.base, j - this.base);
    return this.emit(TK.NUM, i, j, Number(raw.includes('_') ? raw.replaceAll('_', '') : raw));
  }

  private identifier(i: number): void {
    let j = i + 1;
    while (isIdentChar(this.code(j))) j++;
    // Dotted names are one token: np.nan, torch.tensor, Number.POSITIVE_INFINITY.
    while (this.code(j) === C.DOT && isIdentStart(this.code(j + 1))) {
      j += 2;
      while (isIdentChar(this.code(j))) j++;
    }
    const name = this.text.slice(i - this.base, j - this.base);
    const d = this.dialect;
    const q = this.code(j);
    if ((d === 'python' || d === 'generic') && (q === C.SQUOTE || q === C.DQUOTE) && STRING_PREFIX.test(name)) {
      const end = this.code(j + 1) === q && this.code(j + 2) === q ? this.scanTriple(j + 3, q) : this.scanEscaped(j + 1, q, false);
      return this.emit(TK.STRING, i, end);
    }
    const integer = INT_FUNCS.has(name);
    if ((integer || FLOAT_FUNCS.has(name)) && this.floatCall(j, integer)) return this.emit(TK.NUM, i, this.floatEnd, this.floatValue);
    const dot = name.lastIndexOf('.');
    const last = dot < 0 ? name : name.slice(dot + 1);
    const low = last.toLowerCase();
    if (low === 'nan') return this.emit(TK.NUM, i, j, NaN);
    if (low === 'inf' || low === 'infinity' || low === 'infty' || last === 'PINF' || last === 'POSITIVE_INFINITY') {
      return this.emit(TK.NUM, i, j, Infinity);
    }
    if (last === 'NINF' || last === 'NEGATIVE_INFINITY') return this.emit(TK.NUM, i, j, -Infinity);
    if ((d === 'python' || d === 'generic') && (name === 'True' || name === 'False')) {
      return this.emit(TK.BOOL, i, j, name === 'True' ? 1 : 0);
    }
    let flags = 0;
    if (KEYWORDS.has(name)) flags |= IDENT_KEYWORD;
    if (name === 'new') flags |= IDENT_NEW;
    if (WRAPPER_LAST.has(last) || (last === 'from' && dot > 0 && TYPED_ARRAY_PREFIX.test(name.slice(0, dot)))) {
      flags |= IDENT_WRAPPER;
    }
    return this.emit(TK.IDENT, i, j, 0, flags);
  }

  private floatEnd = 0;
  private floatValue = 0;

  /**
   * Recognises `(  'nan' )` after float (a quoted float), or `(0.5)`, `(-inf)`, `(3)` after a
   * NumPy scalar type (an integer one takes an unquoted integer only); sets floatEnd/floatValue.
   */
  private floatCall(j: number, integer: boolean): boolean {
    let k = this.skipSpaces(j);
    if (this.code(k) !== C.LPAREN) return false;
    k = this.skipSpaces(k + 1);
    const q = this.code(k);
    const quoted = q === C.SQUOTE || q === C.DQUOTE;
    if (quoted && integer) return false;
    const close = quoted ? q : C.RPAREN;
    const s = quoted ? k + 1 : k;
    let e = s;
    while (e < this.to && e - s <= MAX_FLOAT_ARG && this.text.charCodeAt(e - this.base) !== close) e++;
    if (this.code(e) !== close) return false;
    if (quoted) {
      k = this.skipSpaces(e + 1);
      if (this.code(k) !== C.RPAREN) return false;
    } else {
      k = e;
    }
    const arg = this.text.slice(s - this.base, e - this.base).trim();
    const special = integer ? null : SPECIAL_FLOAT_TEXT.exec(arg);
    let v: number;
    if (special) {
      v = special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
    } else if (integer ? INT_TEXT.test(arg) : FLOAT_TEXT.test(arg)) {
      v = Number(arg);
    } else {
      return false;
    }
    this.floatEnd = k + 1;
    this.floatValue = v;
    return true;
  }

  private skipSpaces(j: number): number {
    while (j < this.to && isSpace(this.text.charCodeAt(j - this.base))) j++;
    return j;
  }
}
