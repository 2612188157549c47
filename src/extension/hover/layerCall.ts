/**
 * A pooling layer written in Python source — `nn.MaxPool2d(3, stride=2, padding=1)`,
 * `F.max_pool2d(x, 2)`, `layers.MaxPooling2D(pool_size=2, padding="same")` — read as the
 * layer's configuration (as the debugger would read it from the object). Pure.
 */
import type { PoolingLayerInfo } from '../../debug';

export interface LayerCall {
  /** The call as written, e.g. `nn.MaxPool2d(3, stride=2, padding=1)`. */
  text: string;
  start: number;
  end: number;
  layer: PoolingLayerInfo;
  /** Arguments that are not literals (variables, expressions): the formula cannot use them. */
  unknown: string[];
}

const NAME =
  /(?:\b(?:torch\.)?nn\.(?:functional\.)?|\bF\.|\b(?:tf\.)?(?:keras\.)?layers\.)?\b(MaxPool[123]d|AvgPool[123]d|LPPool[123]d|Adaptive(?:Max|Avg)Pool[123]d|max_pool[123]d|avg_pool[123]d|lp_pool[123]d|adaptive_(?:max|avg)_pool[123]d|(?:Global)?(?:Max|Average)Pooling[123]D)\s*\(/g;

/** Positional parameters, in the order of each signature. */
const POSITIONAL: [RegExp, string[]][] = [
  [/^MaxPool/, ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode']],
  [/^AvgPool/, ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override']],
  [/^LPPool/, ['norm_type', 'kernel_size', 'stride', 'ceil_mode']],
  [/^Adaptive/, ['output_size', 'return_indices']],
  [/^max_pool/, ['input', 'kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices']],
  [/^avg_pool/, ['input', 'kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override']],
  [/^lp_pool/, ['input', 'norm_type', 'kernel_size', 'stride', 'ceil_mode']],
  [/^adaptive_/, ['input', 'output_size']],
  [/^Global/, ['data_format', 'keepdims']],
  [/Pooling[123]D$/, ['pool_size', 'strides', 'padding', 'data_format']],
];

const TORCH_DEFAULTS: Record<string, unknown> = { stride: null, padding: 0, dilation: 1, ceil_mode: false, count_include_pad: true, divisor_override: null };

/** `max_pool2d` → `MaxPool2d`, `adaptive_avg_pool1d` → `AdaptiveAvgPool1d`. */
function moduleName(name: string): string {
  const m = /^(adaptive_)?(max|avg|lp)_pool([123])d$/.exec(name);
  if (!m) return name;
  const kind = m[2] === 'max' ? 'Max' : m[2] === 'avg' ? 'Avg' : 'LP';
  return `${m[1] ? 'Adaptive' : ''}${kind}Pool${m[3]}d`;
}

/** The pooling call whose text contains `offset`, read from a window of `text` around it. */
export function layerCallAt(text: string, offset: number): LayerCall | undefined {
  const from = Math.max(0, offset - 400);
  const window = text.slice(from, Math.min(text.length, offset + 2000));
  NAME.lastIndex = 0;
  for (let m = NAME.exec(window); m; m = NAME.exec(window)) {
    const open = m.index + m[0].length - 1;
    const close = closing(window, open);
    if (close < 0) continue;
    const start = from + m.index;
    const end = from + close + 1;
    if (offset < start || offset > end) continue;
    return parseCall(window.slice(m.index, close + 1), m[1]!, window.slice(open + 1, close), start, end);
  }
  return undefined;
}

function closing(text: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && --depth === 0) return i;
  }
  return -1;
}

/** Top-level comma-separated arguments. */
function splitArgs(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const c of args) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const UNKNOWN = Symbol('unknown');

/** A Python literal the formula can use: int, float, bool, None, string, tuple/list of ints. */
function literal(text: string): unknown {
  const t = text.replace(/#.*$/gm, '').trim();
  if (/^[-+]?\d+$/.test(t)) return Number(t);
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)(e[-+]?\d+)?$/i.test(t)) return Number(t);
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === 'None') return null;
  const s = /^(['"])(.*)\1$/.exec(t);
  if (s) return s[2];
  const seq = /^[([](.*)[)\]]$/s.exec(t);
  if (seq) {
    const items = splitArgs(seq[1]!).map(literal);
    return items.every((v) => typeof v === 'number' || v === null) ? items : UNKNOWN;
  }
  return UNKNOWN;
}

function parseCall(text: string, name: string, args: string, start: number, end: number): LayerCall {
  const className = moduleName(name);
  const positional = POSITIONAL.find(([re]) => re.test(name))?.[1] ?? [];
  const keras = /Pooling[123]D$/.test(name);
  const config: Record<string, unknown> = keras ? { pool_size: 2, strides: null, padding: 'valid', data_format: 'channels_last' } : { ...TORCH_DEFAULTS };
  const unknown: string[] = [];
  // Comments inside a multi-line call may hold commas.
  splitArgs(args.replace(/#[^\n'"]*$/gm, '')).forEach((arg, i) => {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)([\s\S]*)$/.exec(arg);
    const key = kw ? kw[1]! : positional[i];
    if (!key || key === 'input') return;
    const value = literal(kw ? kw[2]! : arg);
    if (value === UNKNOWN) unknown.push(key);
    else config[key] = value;
  });
  if (keras && (config.data_format === null || config.data_format === undefined)) config.data_format = 'channels_last';
  return { text, start, end, layer: { framework: keras ? 'keras' : 'torch', className, config }, unknown };
}
