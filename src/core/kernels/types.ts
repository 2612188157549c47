export type Arr = Float32Array | Float64Array;

/** A box of output positions: per spatial axis [lo[i], hi[i]). */
export interface Box {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

/** The boxes that cover `full` minus `inner` (inner ⊆ full), axis 0 split first. */
export function borderBoxes(full: Box, inner: Box): Box[] {
  const out: Box[] = [];
  const d = full.lo.length;
  const lo = full.lo.slice();
  const hi = full.hi.slice();
  for (let a = 0; a < d; a++) {
    if (inner.lo[a]! >= inner.hi[a]!) {
      out.push({ lo: lo.slice(), hi: hi.slice() });
      return out.filter(nonEmpty);
    }
    if (lo[a]! < inner.lo[a]!) out.push({ lo: lo.slice(), hi: hi.map((v, i) => (i === a ? inner.lo[a]! : v)) });
    if (inner.hi[a]! < hi[a]!) out.push({ lo: lo.map((v, i) => (i === a ? inner.hi[a]! : v)), hi: hi.slice() });
    lo[a] = inner.lo[a]!;
    hi[a] = inner.hi[a]!;
  }
  return out.filter(nonEmpty);
}

function nonEmpty(b: Box): boolean {
  return b.lo.every((v, i) => v < b.hi[i]!);
}
