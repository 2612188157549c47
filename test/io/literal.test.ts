import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseArrayLiteral, type ArrayLiteral } from '../../src/io/literal';
import { needPython, PYTHON } from '../python';

/**
 * A snippet, the literal expected in it (given as its exact text, which must occur once), and
 * positions written as needles with `|` marking the offset (each needle must occur once).
 */
interface Row {
  name: string;
  lang?: string;
  text: string;
  literal: string;
  shape: number[];
  values: number[];
  /** More offsets that must give this literal (every offset inside it is checked anyway). */
  hits?: string[];
  /** Offsets that must give nothing. */
  misses?: string[];
  /** Evaluate the literal with the real language and compare. */
  check?: 'python' | 'js' | 'json';
}

const NaN_ = Number.NaN;
const Inf = Number.POSITIVE_INFINITY;

const rows: Row[] = [
  // ---- Python ----
  {
    name: 'python nested list',
    lang: 'python',
    text: 'x = [[1, 2, 3], [4, 5, 6]]\ny = 7\n',
    literal: '[[1, 2, 3], [4, 5, 6]]',
    shape: [2, 3],
    values: [1, 2, 3, 4, 5, 6],
    hits: ['x = |[[', '|[4', '6]|]', '1|,', ', |2'],
    misses: ['|x =', 'x |=', 'y = |7', '|y'],
    check: 'python',
  },
  {
    name: 'python comments and trailing commas',
    lang: 'python',
    text: 'kernel = [\n    [1, 2],  # first row\n    [3, 4],  # second, [9, 9]\n]\n# later: [5, 6]\n',
    literal: '[\n    [1, 2],  # first row\n    [3, 4],  # second, [9, 9]\n]',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    hits: ['# fir|st', '[9|, 9]'],
    misses: ['# la|ter', '[|5, 6]', '[5, |6]'],
    check: 'python',
  },
  {
    name: 'python tuples of tuples',
    lang: 'python',
    text: 't = ((1, 2), (3, 4))\n',
    literal: '((1, 2), (3, 4))',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    hits: ['|((1', '(|3', '4)|)'],
    check: 'python',
  },
  {
    name: 'python one-element tuple',
    lang: 'python',
    text: 'shape = (7,)\n',
    literal: '(7,)',
    shape: [1],
    values: [7],
    check: 'python',
  },
  {
    name: 'python number forms',
    lang: 'python',
    text: 'v = [1_000, 2_000.5, 5., .5, -3, + 4, 1e3, 1.5E-2, -2.5e+1]\n',
    literal: '[1_000, 2_000.5, 5., .5, -3, + 4, 1e3, 1.5E-2, -2.5e+1]',
    shape: [9],
    values: [1000, 2000.5, 5, 0.5, -3, 4, 1000, 0.015, -25],
    hits: ['|-3', '+| 4', '1_0|00'],
    check: 'python',
  },
  {
    name: 'python nan and inf spellings',
    lang: 'python',
    text: "import math, numpy as np, torch\nv = [float('nan'), float(\"inf\"), float('-inf'), np.nan, -np.inf, math.inf, math.nan, torch.inf, np.NINF]\n",
    literal: "[float('nan'), float(\"inf\"), float('-inf'), np.nan, -np.inf, math.inf, math.nan, torch.inf, np.NINF]",
    shape: [9],
    values: [NaN_, Inf, -Inf, NaN_, -Inf, Inf, NaN_, Inf, -Inf],
    hits: ["float('n|an')", '-|np.inf', 'torch.i|nf'],
    misses: ['import ma|th'],
    check: 'python',
  },
  {
    name: 'python NumPy 2 scalar reprs (a printed list of NumPy scalars)',
    lang: 'python',
    text: 'import numpy as np\nv = [[np.float64(0.5488135039273248), np.float64(-1e-05), np.float64(nan)], [np.float32(0.5), np.float64(-inf), np.float16(2.0)]]\n',
    literal: '[[np.float64(0.5488135039273248), np.float64(-1e-05), np.float64(nan)], [np.float32(0.5), np.float64(-inf), np.float16(2.0)]]',
    shape: [2, 3],
    values: [0.5488135039273248, -1e-5, NaN_, 0.5, -Inf, 2],
    hits: ['np.float64(0.54|88', 'np.flo|at64(nan)', '-|inf', '[np|.float32'],
    misses: ['import num|py'],
    check: 'python',
  },
  {
    name: 'python NumPy 2 integer scalar reprs',
    lang: 'python',
    text: 'counts = [numpy.int64(3), np.uint8(255), np.int32(-2), np.intp(0)]\n',
    literal: '[numpy.int64(3), np.uint8(255), np.int32(-2), np.intp(0)]',
    shape: [4],
    values: [3, 255, -2, 0],
    hits: ['np.uint8(2|55'],
    check: 'python',
  },
  {
    name: 'python list in a call is still a literal',
    lang: 'python',
    text: 'out = pool(data=[[1, 2], [3, 4]], k=2)\n',
    literal: '[[1, 2], [3, 4]]',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    misses: ['k=|2', '|pool'],
    check: 'python',
  },
  {
    name: 'python ragged outer: the row under the cursor',
    lang: 'python',
    text: 'r = [[1, 2], [3]]\n',
    literal: '[1, 2]',
    shape: [2],
    values: [1, 2],
    hits: ['[[|1', '2|]'],
    misses: ['r = |[[', '3]|]'],
  },
  {
    name: 'python ragged outer: the other row',
    lang: 'python',
    text: 'r = [[1, 2], [3]]\n',
    literal: '[3]',
    shape: [1],
    values: [3],
  },
  {
    name: 'python non-numeric outer: the numeric inner list',
    lang: 'python',
    text: 'cfg = ["relu", [2, 2], None]\n',
    literal: '[2, 2]',
    shape: [2],
    values: [2, 2],
    misses: ['"re|lu"', 'No|ne', 'cfg = |['],
  },
  // ---- NumPy / PyTorch / TensorFlow constructors ----
  {
    name: 'np.array with dtype',
    lang: 'python',
    text: 'a = np.array([[1.5, -2], [3e2, .5]], dtype=np.float32)\nb = 1\n',
    literal: 'np.array([[1.5, -2], [3e2, .5]], dtype=np.float32)',
    shape: [2, 2],
    values: [1.5, -2, 300, 0.5],
    hits: ['|np.array', 'np.ar|ray', 'array|(', '|dtype', 'float32|)'],
    misses: ['|a =', 'b = |1'],
    check: 'python',
  },
  {
    name: 'np.asarray of tuples',
    lang: 'python',
    text: 'a = np.asarray(((1, 2), (3, 4)))\n',
    literal: 'np.asarray(((1, 2), (3, 4)))',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    hits: ['np.asa|rray'],
    check: 'python',
  },
  {
    name: 'numpy.array, 3-D',
    lang: 'python',
    text: 'import numpy\nx = numpy.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])\n',
    literal: 'numpy.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])',
    shape: [2, 2, 2],
    values: [1, 2, 3, 4, 5, 6, 7, 8],
    hits: ['[[|5'],
    misses: ['import num|py'],
    check: 'python',
  },
  {
    name: 'np.array of bools is 1/0',
    lang: 'python',
    text: 'mask = np.array([[True, False], [False, True]])\n',
    literal: 'np.array([[True, False], [False, True]])',
    shape: [2, 2],
    values: [1, 0, 0, 1],
    hits: ['[[Tr|ue'],
    check: 'python',
  },
  {
    name: 'torch.tensor',
    lang: 'python',
    text: 'x = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64)\n',
    literal: 'torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64)',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    hits: ['tor|ch.tensor', 'torch.fl|oat64'],
    check: 'python',
  },
  {
    name: 'torch.Tensor',
    lang: 'python',
    text: 'x = torch.Tensor([[0.5, 0.25, 0.125]])\n',
    literal: 'torch.Tensor([[0.5, 0.25, 0.125]])',
    shape: [1, 3],
    values: [0.5, 0.25, 0.125],
    check: 'python',
  },
  {
    name: 'tf.constant',
    lang: 'python',
    text: 'x = tf.constant([[1, 2], [3, 4]], dtype=tf.float32)\n',
    literal: 'tf.constant([[1, 2], [3, 4]], dtype=tf.float32)',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    hits: ['tf.con|stant'],
  },
  {
    name: 'np.array(...).reshape: the call, as written',
    lang: 'python',
    text: 'x = np.array([1, 2, 3, 4]).reshape(2, 2)\n',
    literal: 'np.array([1, 2, 3, 4])',
    shape: [4],
    values: [1, 2, 3, 4],
    misses: ['reshape(|2'],
    check: 'python',
  },
  // ---- JavaScript / TypeScript ----
  {
    name: 'js nested array',
    lang: 'javascript',
    text: 'const k = [[1, 2], [3, 4]];\nconst n = 5;\n',
    literal: '[[1, 2], [3, 4]]',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    misses: ['const |k', 'n = |5'],
    check: 'js',
  },
  {
    name: 'js comments inside',
    lang: 'javascript',
    text: 'const m = [\n  [1, 2], // row 0 [8, 8]\n  /* row 1 */ [3, 4],\n];\n// [5, 6]\n/* [7, 8] */\n',
    literal: '[\n  [1, 2], // row 0 [8, 8]\n  /* row 1 */ [3, 4],\n];'.slice(0, -1),
    shape: [2, 2],
    values: [1, 2, 3, 4],
    misses: ['// [|5', '/* [|7'],
    check: 'js',
  },
  {
    name: 'new Float32Array',
    lang: 'javascript',
    text: 'const w = new Float32Array([0.5, -1.5, 2]);\n',
    literal: 'new Float32Array([0.5, -1.5, 2])',
    shape: [3],
    values: [0.5, -1.5, 2],
    hits: ['|new', 'Float|32Array', '2]|)'],
    check: 'js',
  },
  {
    name: 'Float64Array.from',
    lang: 'javascript',
    text: 'const w = Float64Array.from([1, 2]);\n',
    literal: 'Float64Array.from([1, 2])',
    shape: [2],
    values: [1, 2],
    check: 'js',
  },
  {
    name: 'ts as const with trailing comma',
    lang: 'typescript',
    text: 'const c = [1, 2, 3,] as const;\n',
    literal: '[1, 2, 3,]',
    shape: [3],
    values: [1, 2, 3],
    misses: ['as co|nst'],
    check: 'js',
  },
  {
    name: 'ts typed declaration',
    lang: 'typescript',
    text: 'const a: number[][] = [[1, 2], [3, 4]];\nconst b = a[0];\n',
    literal: '[[1, 2], [3, 4]]',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    misses: ['number[|]', 'a[|0]'],
    check: 'js',
  },
  {
    name: 'js NaN and Infinity',
    lang: 'javascript',
    text: 'const s = [NaN, Infinity, -Infinity, Number.NaN, Number.NEGATIVE_INFINITY];\n',
    literal: '[NaN, Infinity, -Infinity, Number.NaN, Number.NEGATIVE_INFINITY]',
    shape: [5],
    values: [NaN_, Inf, -Inf, NaN_, -Inf],
    check: 'js',
  },
  {
    name: 'js array inside an object',
    lang: 'javascript',
    text: 'const cfg = { name: "w", values: [1, 2], fn: (x) => x };\n',
    literal: '[1, 2]',
    shape: [2],
    values: [1, 2],
    misses: ['"|w"', '(|x)', '|cfg'],
    check: 'js',
  },
  // ---- JSON ----
  {
    name: 'json object member',
    lang: 'json',
    text: '{"weights": [[0.1, 0.2], [0.3, 0.4]], "name": "w", "ids": ["a", "b"]}',
    literal: '[[0.1, 0.2], [0.3, 0.4]]',
    shape: [2, 2],
    values: [0.1, 0.2, 0.3, 0.4],
    misses: ['"na|me"', '["|a"'],
    check: 'json',
  },
  {
    name: 'json top-level array with exponents',
    lang: 'json',
    text: '[[1e-3, 2E+2],\n [-0.5, 3]]\n',
    literal: '[[1e-3, 2E+2],\n [-0.5, 3]]',
    shape: [2, 2],
    values: [0.001, 200, -0.5, 3],
    check: 'json',
  },
  // ---- MATLAB / Octave ----
  {
    name: 'matlab spaces and semicolons',
    lang: 'matlab',
    text: 'A = [1 2 3; 4 5 6];\n',
    literal: '[1 2 3; 4 5 6]',
    shape: [2, 3],
    values: [1, 2, 3, 4, 5, 6],
    hits: ['|[1 2', '3|;', ';| 4'],
    misses: ['|A', '6];|'],
  },
  {
    name: 'matlab commas and semicolons',
    lang: 'matlab',
    text: 'B = [1, 2; 3, 4];\n',
    literal: '[1, 2; 3, 4]',
    shape: [2, 2],
    values: [1, 2, 3, 4],
  },
  {
    name: 'matlab rows by line breaks, comments',
    lang: 'matlab',
    text: 'C = [1 2 3   % first [9 9]\n     4 5 6];  % done [7 7]\n% [5 5]\n',
    literal: '[1 2 3   % first [9 9]\n     4 5 6]',
    shape: [2, 3],
    values: [1, 2, 3, 4, 5, 6],
    misses: ['done [|7', '% [|5'],
  },
  {
    name: 'matlab signs',
    lang: 'matlab',
    text: 'E = [1 -2 +3 - 4];\nF = [1 -2 +3];\n',
    literal: '[1 -2 +3]',
    shape: [3],
    values: [1, -2, 3],
    misses: ['E = [|1', '- |4'],
  },
  {
    name: 'matlab column, NaN, Inf',
    lang: 'octave',
    text: 'H = [NaN; Inf; -Inf];  # octave comment [1 2]\n',
    literal: '[NaN; Inf; -Inf]',
    shape: [3, 1],
    values: [NaN_, Inf, -Inf],
    misses: ['comment [|1'],
  },
  {
    name: 'matlab continuation keeps one row',
    lang: 'matlab',
    text: 'I = [1 2 ...  more\n     3 4];\n',
    literal: '[1 2 ...  more\n     3 4]',
    shape: [4],
    values: [1, 2, 3, 4],
  },
  {
    name: 'matlab strings, transpose and block comments',
    lang: 'matlab',
    text: "s = '[1 2]';\nt = \"[3 4]\";\nx = [5 6]';\n%{\nz = [7 8];\n%}\n",
    literal: '[5 6]',
    shape: [2],
    values: [5, 6],
    misses: ["'[|1", '"[|3', 'z = [|7'],
  },
  {
    name: 'matlab ragged rows are an error there',
    lang: 'matlab',
    text: 'R = [1 2\n 3];\n',
    literal: '[1 2\n 3]',
    shape: [],
    values: [],
    misses: ['[|1 2', '|3'],
  },
  {
    name: 'matlab with CRLF line ends',
    lang: 'matlab',
    text: 'A = [1 2\r\n     3 4];\r\n% [5 6]\r\n',
    literal: '[1 2\r\n     3 4]',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    misses: ['% [|5'],
  },
  // ---- Markdown ----
  {
    name: 'markdown python fence',
    lang: 'markdown',
    text: 'Some text [not, numbers] and [9, 8].\n\n```python\nx = np.array([[1, 2], [3, 4]])  # [5, 6] in a comment\n```\n\n```matlab\nA = [1 2; 3 4] % [7 8]\n```\n',
    literal: 'np.array([[1, 2], [3, 4]])',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    misses: ['[|not', '[|5', '[|7', '```pyt|hon'],
  },
  {
    name: 'markdown matlab fence',
    lang: 'markdown',
    text: 'Some text [not, numbers] and [9, 8].\n\n```python\nx = np.array([[1, 2], [3, 4]])  # [5, 6] in a comment\n```\n\n```matlab\nA = [1 2; 3 4] % [7 8]\n```\n',
    literal: '[1 2; 3 4]',
    shape: [2, 2],
    values: [1, 2, 3, 4],
  },
  {
    name: 'markdown prose',
    lang: 'markdown',
    text: 'Some text [not, numbers] and [9, 8].\n\n```python\nx = np.array([[1, 2], [3, 4]])  # [5, 6] in a comment\n```\n',
    literal: '[9, 8]',
    shape: [2],
    values: [9, 8],
  },
  {
    name: 'markdown fence of printed numpy output',
    lang: 'markdown',
    text: 'Output:\n\n```\n[[0.5 1. ]\n [1.5 2. ]]\n```\n',
    literal: '[[0.5 1. ]\n [1.5 2. ]]',
    shape: [2, 2],
    values: [0.5, 1, 1.5, 2],
  },
  {
    name: 'markdown fence with CRLF line ends',
    lang: 'markdown',
    text: 'Text\r\n\r\n```python\r\nx = [1, 2]  # [3]\r\n```\r\n',
    literal: '[1, 2]',
    shape: [2],
    values: [1, 2],
    misses: ['# [|3', '```py|thon'],
  },
  // ---- Plain text (no language) ----
  {
    name: 'plain numpy print, 3-D',
    text: 'result:\n[[[1 2]\n  [3 4]]\n\n [[5 6]\n  [7 8]]]\n',
    literal: '[[[1 2]\n  [3 4]]\n\n [[5 6]\n  [7 8]]]',
    shape: [2, 2, 2],
    values: [1, 2, 3, 4, 5, 6, 7, 8],
    misses: ['res|ult'],
  },
  {
    name: 'plain numpy repr',
    text: 'array([[1, 2],\n       [3, 4]])\n',
    literal: 'array([[1, 2],\n       [3, 4]])',
    shape: [2, 2],
    values: [1, 2, 3, 4],
    hits: ['arr|ay'],
  },
  {
    name: 'plain torch repr',
    text: 'tensor([[1., 2.]], dtype=torch.float64)\n',
    literal: 'tensor([[1., 2.]], dtype=torch.float64)',
    shape: [1, 2],
    values: [1, 2],
  },
  {
    name: 'plain numpy print of a wrapped long row',
    text: '[0.         0.11111111 0.22222222 0.33333333 0.44444444 0.55555556\n 0.66666667 0.77777778]\n',
    literal: '[0.         0.11111111 0.22222222 0.33333333 0.44444444 0.55555556\n 0.66666667 0.77777778]',
    shape: [8],
    values: [0, 0.11111111, 0.22222222, 0.33333333, 0.44444444, 0.55555556, 0.66666667, 0.77777778],
  },
  {
    name: 'plain prose with apostrophes',
    text: "it's [1, 2] and that's it [a, b]\n",
    literal: '[1, 2]',
    shape: [2],
    values: [1, 2],
    misses: ['[|a', "it|'s"],
  },
  {
    name: 'plain text: a spaced % starts a comment',
    text: 'M = [1 2 % first row [9]\n     3 4]\n',
    literal: '[1 2 % first row [9]\n     3 4]',
    shape: [2, 2],
    values: [1, 2, 3, 4],
  },
  {
    name: 'plain matlab-like matrix',
    text: 'M = [1 2; 3 4]\n',
    literal: '[1 2; 3 4]',
    shape: [2, 2],
    values: [1, 2, 3, 4],
  },
];

/** Texts with no literal at the marked offsets. */
const nothing: { name: string; lang?: string; text: string; at: string[] }[] = [
  { name: 'strings', lang: 'python', text: 's = "[1, 2, 3]"\nd = """[[1, 2]]"""\nf = f\'{[1, 2]}\'\nr = r"[3]"\n', at: ['"[|1', '[[|1', '{[|1', '[|3'] },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the JavaScript source under test holds a template literal
  { name: 'js strings', lang: 'javascript', text: "const s = '[1, 2]';\nconst t = `[1, ${x}]`;\n", at: ["'[|1", '`[|1'] },
  {
    name: 'non-numeric lists',
    lang: 'python',
    text: 'a = ["a", "b"]\nb = [x, y]\nc = [1, "2"]\nd = [{"a": 1}]\ne = [1, None]\nf = [True, False]\n',
    at: ['["|a', '[|x', '[|1, "2"', '{"a": |1', '[|1, None', '[Tr|ue'],
  },
  { name: 'numbers that are not reals', lang: 'python', text: 'a = [1j, 2]\nb = [0x10, 1]\nc = [1, 2 + 3]\nd = [1 2]x\n', at: ['[|1j', '[|0x10', '2 |+ 3'] },
  { name: 'empty lists', lang: 'python', text: 'a = []\nb = [[], []]\n', at: ['a = |[', 'a = [|]', 'b = |[[', 'b = [|[]', 'b = [[|]'] },
  {
    name: 'calls and subscripts',
    lang: 'python',
    text: 'foo(1, 2)\na[0, 1]\nb = (1)\nnp.zeros(3)\nnp.array(5)\n',
    at: ['foo(|1', 'a[|0', '(|1)', 'zeros(|3', 'array(|5'],
  },
  { name: 'js holes and calls', lang: 'javascript', text: 'const a = [1,,2];\nf(1, 2);\nconst t = (1, 2);\n', at: ['[|1,,', 'f(|1', 't = (|1'] },
  { name: 'numpy elision', text: '[0 1 2 ... 7 8 9]\n', at: ['[|0', '|7'] },
  { name: 'outside everything', lang: 'python', text: 'x = [1, 2]  \n', at: ['|x', ']| ', '2]  |'] },
  { name: 'unbalanced', lang: 'python', text: 'x = [[1, 2], [3, 4]\ny = 5]]\n', at: ['x = |[[', 'y = |5'] },
];

function at(text: string, needle: string): number {
  const bar = needle.indexOf('|');
  expect(bar, `needle ${needle} needs a |`).toBeGreaterThanOrEqual(0);
  const plain = needle.slice(0, bar) + needle.slice(bar + 1);
  const i = text.indexOf(plain);
  expect(i, `needle ${JSON.stringify(plain)} not found`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(plain, i + 1), `needle ${JSON.stringify(plain)} is ambiguous`).toBe(-1);
  return i + bar;
}

function spanOf(row: Row): [number, number] {
  const s = row.text.indexOf(row.literal);
  expect(s, `literal of ${row.name} not found`).toBeGreaterThanOrEqual(0);
  expect(row.text.indexOf(row.literal, s + 1), `literal of ${row.name} is ambiguous`).toBe(-1);
  return [s, s + row.literal.length];
}

function parse(text: string, offset: number, lang?: string): ArrayLiteral | undefined {
  return parseArrayLiteral(text, offset, lang === undefined ? undefined : { languageId: lang });
}

function expectLiteral(r: ArrayLiteral | undefined, start: number, end: number, shape: number[], values: number[], where: string): void {
  expect(r, where).toBeDefined();
  expect([r!.start, r!.end], where).toEqual([start, end]);
  expect([...r!.array.shape], where).toEqual(shape);
  expect(r!.array.data).toBeInstanceOf(Float64Array);
  expect(Array.from(r!.array.data), where).toEqual(values);
}

const matchingRows = rows.filter((r) => r.shape.length > 0);

describe('parseArrayLiteral: snippet table', () => {
  for (const row of matchingRows) {
    it(row.name, () => {
      const [start, end] = spanOf(row);
      // Every offset inside the literal finds it, and the ones just outside do not.
      for (let o = start; o < end; o++) {
        expectLiteral(parse(row.text, o, row.lang), start, end, row.shape, row.values, `${row.name} at ${o}`);
      }
      for (const o of [start - 1, end]) {
        const r = parse(row.text, o, row.lang);
        if (r) expect([r.start, r.end], `${row.name} at ${o} (outside)`).not.toEqual([start, end]);
      }
      for (const h of row.hits ?? []) {
        const o = at(row.text, h);
        expect(o >= start && o < end, `hit ${h} lies inside`).toBe(true);
        expectLiteral(parse(row.text, o, row.lang), start, end, row.shape, row.values, `${row.name} hit ${h}`);
      }
      for (const m of row.misses ?? []) {
        expect(parse(row.text, at(row.text, m), row.lang), `${row.name} miss ${m}`).toBeUndefined();
      }
    });
  }

  for (const row of rows.filter((r) => r.shape.length === 0)) {
    it(row.name, () => {
      const [start, end] = spanOf(row);
      for (let o = start; o < end; o++) expect(parse(row.text, o, row.lang), `${row.name} at ${o}`).toBeUndefined();
      for (const m of row.misses ?? []) expect(parse(row.text, at(row.text, m), row.lang)).toBeUndefined();
    });
  }

  for (const c of nothing) {
    it(`no literal: ${c.name}`, () => {
      for (const a of c.at) expect(parse(c.text, at(c.text, a), c.lang), `${c.name} at ${a}`).toBeUndefined();
    });
  }

  it('rejects offsets that are not positions in the text', () => {
    const t = '[1, 2]';
    for (const o of [-1, t.length, t.length + 5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parse(t, o)).toBeUndefined();
    }
    expect(parse('', 0)).toBeUndefined();
  });

  it('without a language id, reads Python, JS and MATLAB alike', () => {
    // Text after a MATLAB `...` is a comment only MATLAB knows about.
    const languageOnly = new Set(['matlab continuation keeps one row']);
    const generic = matchingRows.filter((r) => r.lang !== 'markdown' && !languageOnly.has(r.name));
    expect(generic.length).toBeGreaterThan(40);
    for (const row of generic) {
      const [start, end] = spanOf(row);
      expectLiteral(parse(row.text, start), start, end, row.shape, row.values, `${row.name} (no language)`);
    }
    const t = 'I = [1 2 ...\n     3 4]\n';
    expectLiteral(parse(t, 4), 4, t.length - 1, [4], [1, 2, 3, 4], 'generic continuation');
  });
});

// ---- Cross-checks against the real languages ----

function shapeAndValues(v: unknown): { shape: number[]; values: number[] } {
  const shape: number[] = [];
  let x: unknown = v;
  while (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const a = x as ArrayLike<unknown>;
    shape.push(a.length);
    x = a[0];
  }
  const values: number[] = [];
  const walk = (y: unknown): void => {
    if (Array.isArray(y) || ArrayBuffer.isView(y)) for (const z of Array.from(y as ArrayLike<unknown>)) walk(z);
    else values.push(Number(y));
  };
  walk(v);
  return { shape, values };
}

const PY_EVAL = `
import sys, json, math
import numpy as np
out = []
for e in json.load(sys.stdin):
    # nan and inf as NumPy 2 prints them in scalar reprs: np.float64(nan)
    ns = {'np': np, 'numpy': np, 'math': math, 'nan': math.nan, 'inf': math.inf}
    if 'torch' in e:
        import torch
        ns['torch'] = torch
    v = eval(e, ns)
    a = np.asarray(v.numpy() if hasattr(v, 'numpy') else v).astype(np.float64)
    out.append({'shape': list(a.shape), 'values': [repr(float(x)) for x in a.ravel()]})
print(json.dumps(out))
`;

/** Evaluates the rows' literals in Python and compares them with what the parser reads. */
function expectPythonAgrees(rows: Row[]): void {
  const res = spawnSync(PYTHON, ['-c', PY_EVAL], { input: JSON.stringify(rows.map((r) => r.literal)), encoding: 'utf8', timeout: 60_000 });
  expect(res.status, res.stderr).toBe(0);
  const got = JSON.parse(res.stdout) as { shape: number[]; values: string[] }[];
  rows.forEach((row, i) => {
    const [start] = spanOf(row);
    const r = parse(row.text, start, row.lang)!;
    expect([...r.array.shape], row.name).toEqual(got[i]!.shape);
    const pv = got[i]!.values.map((s) => (s === 'nan' ? Number.NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s)));
    expect(Array.from(r.array.data), row.name).toEqual(pv);
  });
}

describe('parseArrayLiteral agrees with the languages themselves', () => {
  const python = matchingRows.filter((r) => r.check === 'python');
  const needsTorch = (r: Row): boolean => /\btorch\b/.test(r.literal);

  it('Python rows evaluate to the same array in Python/NumPy', (ctx) => {
    needPython(ctx, 'numpy');
    const rows = python.filter((r) => !needsTorch(r));
    expect(rows.length).toBeGreaterThan(10);
    expectPythonAgrees(rows);
  }, 60_000);

  // PyTorch is optional (CI machines lack it): these rows run where it is installed.
  it('Python rows that build tensors evaluate to the same array in PyTorch', (ctx) => {
    const rows = python.filter(needsTorch);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    needPython(ctx, 'numpy', 'torch');
    expectPythonAgrees(rows);
  }, 60_000);

  it('JS and JSON rows evaluate to the same array in JavaScript', () => {
    const js = matchingRows.filter((r) => r.check === 'js' || r.check === 'json');
    expect(js.length).toBeGreaterThan(8);
    for (const row of js) {
      const [start] = spanOf(row);
      const r = parse(row.text, start, row.lang)!;
      const v: unknown = row.check === 'json' ? JSON.parse(row.literal) : new Function(`"use strict"; return (${row.literal});`)();
      const ref = shapeAndValues(v);
      expect([...r.array.shape], row.name).toEqual(ref.shape);
      expect(Array.from(r.array.data), row.name).toEqual(ref.values);
    }
  });
});
