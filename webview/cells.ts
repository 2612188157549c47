// Cell coordinates in C order: a cell's flat index in a shape, and back, and the walk that play
// and step take over the output cells. Pure.

export function linearIndex(cell: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let a = 0; a < shape.length; a++) i = i * (shape[a] ?? 1) + (cell[a] ?? 0);
  return i;
}

export function unravel(index: number, shape: readonly number[]): number[] {
  const cell = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    const n = shape[a] ?? 1;
    cell[a] = index % n;
    index = Math.floor(index / n);
  }
  return cell;
}

/** The output cell after `current` (or the first), in C order, wrapping around. */
export function stepCell(shape: readonly number[], current: readonly number[] | null, delta: 1 | -1 | 'first'): number[] {
  const total = shape.reduce((p, q) => p * q, 1);
  const cur = current && current.length === shape.length ? linearIndex(current, shape) : -1;
  const next = delta === 'first' || cur < 0 ? 0 : (cur + delta + total) % total;
  return unravel(next, shape);
}
