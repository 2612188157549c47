/**
 * Parses the small subset of Python literal syntax used by .npy headers: dicts, tuples,
 * lists, strings, integers, True/False/None. Linear time, no recursion limit issues for
 * the shallow headers NumPy writes (nesting is capped).
 */
export type PyValue = string | number | boolean | null | PyValue[] | PyDict;
export interface PyDict {
  readonly kind: 'dict';
  readonly entries: Map<string, PyValue>;
}

export class PyLiteralError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

const MAX_DEPTH = 16;

export function parsePyLiteral(text: string): PyValue {
  let pos = 0;

  const fail = (message: string): never => {
    throw new PyLiteralError(message, pos);
  };
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const expect = (ch: string): void => {
    skipSpace();
    if (text[pos] !== ch) fail(`expected '${ch}' but found ${describe(text, pos)}`);
    pos++;
  };

  const parseString = (): string => {
    const quote = text[pos]!;
    pos++;
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\') {
        pos++;
        if (pos >= text.length) break;
      }
      out += text[pos];
      pos++;
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return out;
  };

  const parseNumber = (): number => {
    const m = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?L?/.exec(text.slice(pos, pos + 40));
    if (!m) return fail(`expected a number but found ${describe(text, pos)}`);
    pos += m[0].length;
    return Number(m[0].replace(/L$/, ''));
  };

  // Items of a tuple/list/dict up to `close`; a trailing comma is allowed, as in Python.
  const parseItems = <T>(close: string, item: () => T): T[] => {
    const items: T[] = [];
    skipSpace();
    while (text[pos] !== close) {
      items.push(item());
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        skipSpace();
      } else if (text[pos] !== close) {
        fail(`expected ',' or '${close}' but found ${describe(text, pos)}`);
      }
    }
    pos++;
    return items;
  };

  const parseValue = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skipSpace();
    const ch = text[pos];
    if (ch === undefined) return fail('unexpected end of header');
    if (ch === "'" || ch === '"') return parseString();
    if (ch === '(' || ch === '[') {
      pos++;
      return parseItems(ch === '(' ? ')' : ']', () => parseValue(depth + 1));
    }
    if (ch === '{') {
      pos++;
      const entries = new Map<string, PyValue>();
      parseItems('}', () => {
        skipSpace();
        const keyPos = pos;
        const q = text[pos];
        if (q !== "'" && q !== '"') fail(`expected a string key but found ${describe(text, pos)}`);
        const key = parseString();
        if (entries.has(key)) {
          pos = keyPos;
          fail(`duplicate key '${key}'`);
        }
        expect(':');
        entries.set(key, parseValue(depth + 1));
      });
      return { kind: 'dict', entries };
    }
    for (const [word, value] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    return parseNumber();
  };

  const value = parseValue(0);
  skipSpace();
  if (pos < text.length) fail(`unexpected ${describe(text, pos)} after the value`);
  return value;
}

function describe(text: string, pos: number): string {
  if (pos >= text.length) return 'the end of the header';
  return JSON.stringify(text.slice(pos, pos + 12));
}

export function isPyDict(v: PyValue): v is PyDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
