import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArrayLiteral } from '../../src/io/literal';

/**
 * Random rectangular arrays rendered in random syntax, whitespace and surroundings: parsing at
 * any offset inside the rendered literal gives back the array and the literal's range.
 */

type Syntax = 'py-list' | 'py-tuple' | 'np-array' | 'torch' | 'js' | 'typed' | 'json' | 'matlab' | 'np-print';
const SYNTAXES: Syntax[] = ['py-list', 'py-tuple', 'np-array', 'torch', 'js', 'typed', 'json', 'matlab', 'np-print'];

/** A number as text plus the value that text means. */
interface Elem {
  kind: 'num' | 'nan' | 'inf' | '-inf';
  text: string;
}

const numText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((x) => String(x)),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }).chain((x) => fc.integer({ min: 0, max: 8 }).map((d) => x.toExponential(d))),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: 1e-300, max: 1e-3 }).map((x) => String(x)),
);
const elem: fc.Arbitrary<Elem> = fc.oneof(
  { weight: 12, arbitrary: numText.map((text) => ({ kind: 'num' as const, text })) },
  { weight: 1, arbitrary: fc.constantFrom<Elem['kind']>('nan', 'inf', '-inf').map((kind) => ({ kind, text: '' })) },
);

function elemValue(e: Elem): number {
  return e.kind === 'nan' ? Number.NaN : e.kind === 'inf' ? Infinity : e.kind === '-inf' ? -Infinity : Number(e.text);
}

/** Style choices drawn once per case; `pick` indexes into them cyclically for variety. */
interface Style {
  syntax: Syntax;
  spaces: string[];
  picks: number[];
  trailingComma: boolean;
  dtype: boolean;
  context: number;
}

class Renderer {
  private n = 0;
  constructor(private readonly st: Style) {}
  private pick(): number {
    const p = this.st.picks;
    return p[this.n++ % p.length]!;
  }
  private ws(): string {
    return this.st.spaces[this.pick() % this.st.spaces.length]!;
  }
  /** Whitespace without line breaks. */
  private sp(min: number): string {
    return ' '.repeat(min + (this.pick() % 3));
  }

  num(e: Elem): string {
    const s = this.st.syntax;
    const python = s === 'py-list' || s === 'py-tuple' || s === 'np-array' || s === 'torch';
    if (e.kind !== 'num') {
      const neg = e.kind === '-inf' ? '-' : '';
      const k = this.pick();
      if (python) {
        if (e.kind === 'nan') return ["float('nan')", 'np.nan', 'math.nan', 'float("NaN")', 'torch.nan'][k % 5]!;
        return neg + ['np.inf', "float('inf')", 'math.inf', 'torch.inf'][k % 4]!;
      }
      if (s === 'js' || s === 'typed' || s === 'json') return e.kind === 'nan' ? ['NaN', 'Number.NaN'][k % 2]! : `${neg}Infinity`;
      if (s === 'matlab') return e.kind === 'nan' ? ['NaN', 'nan'][k % 2]! : `${neg}${['Inf', 'inf'][k % 2]}`;
      return e.kind === 'nan' ? 'nan' : `${neg}inf`;
    }
    let t = e.text;
    const k = this.pick() % 4;
    // Spellings the languages accept beyond JSON's: `.5`, `5.`, `+5`, `1_000`.
    if (s !== 'json' && k === 1) t = t.replace(/^(-?)0\./, '$1.');
    if (s !== 'json' && k === 2 && /^-?\d+$/.test(t)) t = `${t}.`;
    if (s !== 'json' && s !== 'np-print' && k === 3 && !t.startsWith('-')) t = `+${t}`;
    if (python && k === 0 && /^-?\d{4,}$/.test(t)) t = t.replace(/(\d)(\d{3})$/, '$1_$2');
    return t;
  }

  /** Comma-separated nested brackets (Python lists/tuples, JS, JSON). */
  nested(shape: number[], values: Elem[], tuple: boolean): string {
    let i = 0;
    const rec = (d: number): string => {
      const n = shape[d]!;
      const parts: string[] = [];
      for (let j = 0; j < n; j++) parts.push(d === shape.length - 1 ? this.num(values[i++]!) : rec(d + 1));
      const open = tuple ? '(' : '[';
      const close = tuple ? ')' : ']';
      let body = parts.map((p, j) => (j === 0 ? this.ws() + p : `${this.ws()},${this.ws()}${p}`)).join('');
      if ((tuple && n === 1) || (this.st.trailingComma && this.st.syntax !== 'json')) body += `${this.ws()},`;
      return `${open}${body}${this.ws()}${close}`;
    };
    return rec(0);
  }

  /** numpy's print: spaces between numbers, line breaks between sub-arrays. */
  npPrint(shape: number[], values: Elem[]): string {
    let i = 0;
    const rec = (d: number, indent: number): string => {
      const n = shape[d]!;
      if (d === shape.length - 1) {
        const nums: string[] = [];
        for (let j = 0; j < n; j++) nums.push(this.num(values[i++]!));
        return `[${this.sp(0)}${nums.join(this.sp(1))}${this.sp(0)}]`;
      }
      const parts: string[] = [];
      for (let j = 0; j < n; j++) parts.push(rec(d + 1, indent + 1));
      const blank = '\n'.repeat(Math.max(1, shape.length - d - 1));
      return `[${parts.join(blank + ' '.repeat(indent + 1))}]`;
    };
    return rec(0, 0);
  }

  /** MATLAB: 1-D `[a b c]`, 2-D rows by `;` or line breaks. */
  matlab(shape: number[], values: Elem[]): string {
    const cols = shape[shape.length - 1]!;
    const rows = shape.length === 2 ? shape[0]! : 1;
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) {
      const sep = this.pick() % 2 === 0 ? this.sp(1) : `,${this.sp(0)}`;
      lines.push(
        values
          .slice(r * cols, (r + 1) * cols)
          .map((e) => this.num(e))
          .join(sep),
      );
    }
    const rowSep = () => [';', '; ', ';\n  ', '\n  '][this.pick() % 4]!;
    return `[${this.sp(0)}${lines.map((l, j) => (j === 0 ? l : rowSep() + l)).join('')}${this.sp(0)}]`;
  }
}

interface Case {
  text: string;
  lang: string | undefined;
  start: number;
  end: number;
  shape: number[];
  values: number[];
}

const CONTEXTS: Record<'python' | 'js' | 'json' | 'matlab' | 'plain', [string, string][]> = {
  python: [
    ['x = ', '\n'],
    ['y = foo(', ', 3)\n'],
    ['    return ', ''],
    ['', ''],
    ['d = {"a": ', '}\n'],
    ['import numpy as np\n# [1, 2] in a comment\nz = ', '  # done [3]\n'],
  ],
  js: [
    ['const a = ', ';\n'],
    ['f(', ');'],
    ['const o = { w: ', ' };'],
    ['export default ', ''],
    ['// [1, 2]\nlet b = ', ';\n'],
  ],
  json: [
    ['{"a": ', '}'],
    ['', ''],
    ['{"name": "x", "data": ', ', "n": 2}'],
  ],
  matlab: [
    ['A = ', ';\n'],
    ['A = ', ' % comment [1 2]\n'],
    ['', ''],
  ],
  plain: [
    ['out:\n', '\n'],
    ['', ''],
    ['Result ', ' (float64)'],
  ],
};

function render(shape: number[], elems: Elem[], st: Style): Case {
  const r = new Renderer(st);
  let literal: string;
  let lang: string | undefined;
  let family: keyof typeof CONTEXTS;
  switch (st.syntax) {
    case 'py-list':
    case 'py-tuple':
      literal = r.nested(shape, elems, st.syntax === 'py-tuple');
      lang = 'python';
      family = 'python';
      break;
    case 'np-array':
    case 'torch': {
      const name = st.syntax === 'torch' ? 'torch.tensor' : ['np.array', 'np.asarray', 'numpy.array'][st.picks[0]! % 3]!;
      const dtype = st.dtype ? (st.syntax === 'torch' ? ', dtype=torch.float64' : ', dtype=np.float64') : '';
      literal = `${name}(${r.nested(shape, elems, st.picks[1]! % 2 === 0)}${dtype})`;
      lang = 'python';
      family = 'python';
      break;
    }
    case 'js':
      literal = r.nested(shape, elems, false);
      lang = ['javascript', 'typescript'][st.picks[0]! % 2];
      family = 'js';
      break;
    case 'typed':
      literal = `new Float64Array(${r.nested(shape, elems, false)})`;
      lang = 'javascript';
      family = 'js';
      break;
    case 'json':
      literal = r.nested(shape, elems, false);
      lang = 'json';
      family = 'json';
      break;
    case 'matlab':
      literal = r.matlab(shape, elems);
      lang = ['matlab', 'octave'][st.picks[0]! % 2];
      family = 'matlab';
      break;
    case 'np-print':
      literal = r.npPrint(shape, elems);
      lang = undefined;
      family = 'plain';
      break;
  }
  const ctxs = CONTEXTS[family];
  const [pre, post] = ctxs[st.context % ctxs.length]!;
  return { text: pre + literal + post, lang, start: pre.length, end: pre.length + literal.length, shape, values: elems.map(elemValue) };
}

/** Shapes each syntax can express: typed arrays are 1-D; MATLAB is 1-D or 2-D with 2+ rows. */
function fits(syntax: Syntax, shape: number[]): boolean {
  if (syntax === 'typed') return shape.length === 1;
  if (syntax === 'matlab') return shape.length === 1 || (shape.length === 2 && shape[0]! >= 2);
  return true;
}

const caseArb: fc.Arbitrary<{ c: Case; offsets: number[] }> = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), fc.constantFrom(...SYNTAXES))
  .filter(([shape, syntax]) => fits(syntax, shape))
  .chain(([shape, syntax]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc
      .record({
        elems: fc.array(elem, { minLength: size, maxLength: size }),
        spaces: fc.array(fc.constantFrom('', ' ', '  ', '\n', '\n    ', '\t', ' \n  '), { minLength: 1, maxLength: 4 }),
        picks: fc.array(fc.nat(1000), { minLength: 2, maxLength: 8 }),
        trailingComma: fc.boolean(),
        dtype: fc.boolean(),
        context: fc.nat(20),
        fractions: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 5 }),
      })
      .map(({ elems, fractions, ...style }) => {
        const c = render(shape, elems, { syntax, ...style });
        const offsets = fractions.map((f) => c.start + Math.floor(f * (c.end - c.start)));
        return { c, offsets };
      });
  });

describe('parseArrayLiteral: property', () => {
  it('finds random arrays in random syntax from any offset inside', () => {
    fc.assert(
      fc.property(caseArb, ({ c, offsets }) => {
        for (const o of [c.start, c.end - 1, ...offsets]) {
          const r = parseArrayLiteral(c.text, o, c.lang === undefined ? undefined : { languageId: c.lang });
          expect(r, `${JSON.stringify(c.text)} at ${o}`).toBeDefined();
          expect([r!.start, r!.end]).toEqual([c.start, c.end]);
          expect([...r!.array.shape]).toEqual(c.shape);
          expect(Array.from(r!.array.data)).toEqual(c.values);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('never throws on random bracket soup and returns a consistent result', () => {
    const soup = fc.array(
      fc.constantFrom(
        '[',
        ']',
        '(',
        ')',
        '{',
        '}',
        ',',
        ';',
        ' ',
        '\n',
        '1',
        '-2.5',
        'nan',
        'x',
        '"',
        "'",
        '#',
        '//',
        '/*',
        '*/',
        '%',
        '...',
        'np.array',
        'True',
        '`',
      ),
      { maxLength: 200 },
    );
    const langs = [undefined, 'python', 'javascript', 'json', 'matlab', 'markdown', 'plaintext'];
    fc.assert(
      fc.property(soup, fc.nat(), fc.nat(langs.length - 1), (parts, o, li) => {
        const text = parts.join('');
        if (text.length === 0) return;
        const offset = o % text.length;
        const lang = langs[li];
        const r = parseArrayLiteral(text, offset, lang === undefined ? undefined : { languageId: lang });
        if (r) {
          expect(r.start).toBeLessThanOrEqual(offset);
          expect(r.end).toBeGreaterThan(offset);
          expect(r.array.data.length).toBe(r.array.shape.reduce((a, b) => a * b, 1));
          expect(r.array.shape.every((d) => Number.isInteger(d) && d >= 1)).toBe(true);
          // The same literal is found from its own first character.
          const again = parseArrayLiteral(text, r.start, lang === undefined ? undefined : { languageId: lang });
          expect(again && [again.start, again.end]).toEqual([r.start, r.end]);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
