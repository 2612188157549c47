/**
 * The expression under the cursor for "Visualize Pooling of Expression": the selection if any,
 * else the dotted name / subscript chain around the cursor (`model.pool1`, `batch["x"][0]`).
 * Pure, so it is unit-tested.
 */

const IDENT = /[A-Za-z_$\d]/;

/** `text` around `offset` (selection [start, end) wins when non-empty); undefined when nothing usable is there. */
export function expressionAt(text: string, start: number, end: number): string | undefined {
  if (end > start) {
    const selected = text.slice(start, end).trim();
    return selected.length > 0 ? selected : undefined;
  }
  let a = start;
  let b = start;
  while (a > 0 && (IDENT.test(text[a - 1]!) || text[a - 1] === '.')) a--;
  while (b < text.length && IDENT.test(text[b]!)) b++;
  // Trailing subscripts belong to the value: x[0], x["a"][1:3].
  while (text[b] === '[') {
    const close = matching(text, b);
    if (close < 0) break;
    b = close + 1;
  }
  const expr = text.slice(a, b).replace(/^\.+|\.+$/g, '');
  return /^[A-Za-z_$]/.test(expr) ? expr : undefined;
}

function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length && text[i] !== '\n'; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The expression a Variables / Watch view menu passes: `{ variable: { evaluateName, name } }`
 * (Variables) or `{ variable: { name: <watch expression> } }` / `{ expression }` (Watch).
 */
export function menuExpression(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { variable?: { evaluateName?: unknown; name?: unknown }; expression?: unknown; evaluateName?: unknown; name?: unknown };
  const candidates = [a.variable?.evaluateName, a.variable?.name, a.evaluateName, a.expression, a.name];
  for (const c of candidates) if (typeof c === 'string' && c.trim()) return c.trim();
  return undefined;
}
