/*
 * Generates the WebAssembly text of the SIMD pooling kernels (float32 data). `npm run build:wasm`
 * assembles it (build.ts) into src/core/kernels/wasm/module.generated.ts; a test checks that the
 * committed module equals a fresh build.
 *
 * Every kernel works on rows already laid out in the module's memory by the TypeScript driver
 * (src/core/kernels/wasm/): padding is materialised as fill cells (−inf for max, +0 for sums),
 * so kernels only see full windows. Pointers and row strides are in bytes. Kernels compute
 * outputs four at a time and may write up to three values past the end of a row (the driver
 * leaves room) and read a little past the last window (the driver leaves slack).
 *
 * Max is PyTorch's fold `take v when v > best or v is NaN` on values: combine(best, v) =
 * pmax(best, v) | (v & isnan(v)). pmax keeps `best` on ties (so ±0 keep the first cell, as torch)
 * and the OR turns the result into a NaN when v is one (a NaN already in best survives pmax).
 * The fold only picks a cell, so it is associative: row-major order is kept by reducing each
 * row before combining rows in order, and overlapping ranges may be combined (sliding doubling).
 * Bands without NaN (`scan`) use pmax alone; without NaN and −0 any order is right (`cmax`).
 *
 * Sums add float32 cells as float64 in PyTorch's window order (row-major, starting at +0) and
 * divide once, then round to float32: the core's default `accumulate: 'float64'` to the bit.
 * Kernels that reorder additions run only where no addition can round: `csum` (whole numbers,
 * checked as it loads them) and the exact sliding sums (after `exact` said so for the band).
 */
import { COLUMN_FIRST } from '../../src/core/kernels/wasm/columnFirst.js';
import { add, f64, forLoop, func, get, i32, inc, mul, p32, set, v128, whileLoop } from './wat.js';

const EVEN = 'i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27';
/** Low halves of two vectors: demoted pairs → one f32x4. */
const LOW_HALVES = 'i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23';

/** Unrolled kernel widths; wider windows use the generic (looping) variant. */
const UNROLLED = [2, 3, 5];

const load = (ptr: string, offset = 0): string => `(v128.load offset=${offset} ${ptr})`;
const store = (ptr: string, v: string): string => `(v128.store ${ptr} ${v})`;

/**
 * acc = PyTorch's max fold step (see the header). `v` must be a local (read three times).
 * Without NaN in the band (`nan` false, checked by `scan`) pmax alone is the fold.
 */
function combine(acc: string, v: string, nan: boolean): string {
  if (!nan) return set(acc, `(f32x4.pmax ${get(acc)} ${get(v)})`);
  return set(acc, `(v128.or (f32x4.pmax ${get(acc)} ${get(v)}) (v128.and ${get(v)} (f32x4.ne ${get(v)} ${get(v)})))`);
}

/** Name suffix of the NaN-safe variant of a max kernel. */
const nanSuffix = (nan: boolean): string => (nan ? '_nan' : '');

/** Four outputs' tap (stride 1 or 2) starting `offset` bytes after `ptr`. */
function tap(s: 1 | 2, ptr: string, offset: number): string {
  return s === 1 ? load(ptr, offset) : `(${EVEN} ${load(ptr, offset)} ${load(ptr, offset + 16)})`;
}

// ------------------------------------------------------------------------------------ max

/** Horizontal max over `k` taps (unrolled k, or a runtime $k when k is 'g'), rows × n outputs. */
function hmax(s: 1 | 2, k: number | 'g'): string {
  const nan = true; // the row-major kernels serve bands with NaN or −0
  const name = `hmax_s${s}_${k === 'g' ? 'g' : `k${k}`}`;
  const params = p32('src', 'sstr', 'dst', 'dstr', 'rows', 'n', ...(k === 'g' ? ['k'] : []));
  const fold: string[] = [set('acc', tap(s, get('p'), 0))];
  if (k === 'g') {
    fold.push(set('t', add(get('p'), i32(4))));
    fold.push(forLoop('i', i32(1), get('k'), 1, [set('v', tap(s, get('t'), 0)), combine('acc', 'v', nan), inc('t', 4)]));
  } else {
    for (let i = 1; i < k; i++) fold.push(set('v', tap(s, get('p'), 4 * i)), combine('acc', 'v', nan));
  }
  return func(
    name,
    params,
    [...p32('r', 'p', 'q', 'qe', 't', 'i'), ...v128('acc', 'v')],
    [
      forLoop('r', i32(0), get('rows'), 1, [
        set('p', get('src')),
        set('q', get('dst')),
        set('qe', add(get('q'), `(i32.shl ${get('n')} ${i32(2)})`)),
        whileLoop(`(i32.lt_u ${get('q')} ${get('qe')})`, [...fold, store(get('q'), get('acc')), inc('p', 16 * s), inc('q', 16)]),
        inc('src', get('sstr')),
        inc('dst', get('dstr')),
      ]),
    ],
  );
}

/** Vertical max over kh rows (stride sh rows) of a horizontal-pass result. */
function vmax(k: number | 'g'): string {
  const nan = true; // the row-major kernels serve bands with NaN or −0
  const name = `vmax_${k === 'g' ? 'g' : `k${k}`}`;
  const params = p32('src', 'sstr', 'dst', 'dstr', 'orows', 'n', 'sh', ...(k === 'g' ? ['k'] : []));
  const rows = k === 'g' ? [] : Array.from({ length: k - 1 }, (_, j) => `r${j + 1}`);
  const fold: string[] = [set('acc', load(add(get('src'), get('c'))))];
  if (k === 'g') {
    fold.push(set('t', add(add(get('src'), get('sstr')), get('c'))));
    fold.push(forLoop('j', i32(1), get('k'), 1, [set('v', load(get('t'))), combine('acc', 'v', nan), inc('t', get('sstr'))]));
  } else {
    for (const r of rows) fold.push(set('v', load(add(get(r), get('c')))), combine('acc', 'v', nan));
  }
  return func(
    name,
    params,
    [...p32('o', 'c', 'nb', 't', 'j', 'rstep', ...rows), ...v128('acc', 'v')],
    [
      set('rstep', mul(get('sh'), get('sstr'))),
      set('nb', `(i32.shl ${get('n')} ${i32(2)})`),
      forLoop('o', i32(0), get('orows'), 1, [
        ...rows.map((r, j) => set(r, add(get('src'), mul(i32(j + 1), get('sstr'))))),
        forLoop('c', i32(0), get('nb'), 16, [...fold, store(add(get('dst'), get('c')), get('acc'))]),
        inc('src', get('rstep')),
        inc('dst', get('dstr')),
      ]),
    ],
  );
}

/**
 * Horizontal max for long windows: sliding doubling. m_{2t}[i] = combine(m_t[i], m_t[i+t]) up to
 * L = the largest power of two ≤ k, then out[o] = combine(m_L[o·s], m_L[o·s + k − L]): the two
 * ranges overlap, which a pick-one fold allows. log2(k) + 1 passes per row, each vectorised.
 * ta and tb are two work rows (ping-pong); `len` is the input extent (n−1)·s + k.
 */
function hmaxDoubling(s: 1 | 2, nan: boolean): string {
  const name = `hmax_dbl_s${s}${nanSuffix(nan)}`;
  const params = p32('src', 'sstr', 'dst', 'dstr', 'rows', 'n', 'k', 'L', 'ta', 'tb');
  return func(
    name,
    params,
    [...p32('r', 'len', 'cur', 'nxt', 'tmp', 't', 'tb4', 'i', 'ie', 'q', 'qe', 'p', 'off'), ...v128('acc', 'v')],
    [
      set('len', add(mul(`(i32.sub ${get('n')} ${i32(1)})`, i32(s)), get('k'))),
      forLoop('r', i32(0), get('rows'), 1, [
        set('cur', get('src')),
        set('nxt', get('ta')),
        set('t', i32(1)),
        whileLoop(`(i32.lt_u ${get('t')} ${get('L')})`, [
          // m_{2t} at positions [0, len − 2t + 1)
          set('tb4', `(i32.shl ${get('t')} ${i32(2)})`),
          set('ie', `(i32.shl (i32.add (i32.sub ${get('len')} (i32.shl ${get('t')} ${i32(1)})) ${i32(1)}) ${i32(2)})`),
          forLoop('i', i32(0), get('ie'), 16, [
            set('acc', load(add(get('cur'), get('i')))),
            set('v', load(add(add(get('cur'), get('i')), get('tb4')))),
            combine('acc', 'v', nan),
            store(add(get('nxt'), get('i')), get('acc')),
          ]),
          set('tmp', get('cur')),
          set('cur', get('nxt')),
          // the next target is whichever work row is not `cur` (never the input row)
          set('nxt', `(select ${get('tb')} ${get('ta')} (i32.eq ${get('cur')} ${get('ta')}))`),
          set('t', `(i32.shl ${get('t')} ${i32(1)})`),
        ]),
        set('off', `(i32.shl (i32.sub ${get('k')} ${get('L')}) ${i32(2)})`),
        set('p', get('cur')),
        set('q', get('dst')),
        set('qe', add(get('q'), `(i32.shl ${get('n')} ${i32(2)})`)),
        whileLoop(`(i32.lt_u ${get('q')} ${get('qe')})`, [
          set('acc', tap(s, get('p'), 0)),
          set('v', tap(s, add(get('p'), get('off')), 0)),
          combine('acc', 'v', nan),
          store(get('q'), get('acc')),
          inc('p', 16 * s),
          inc('q', 16),
        ]),
        inc('src', get('sstr')),
        inc('dst', get('dstr')),
      ]),
    ],
  );
}

/**
 * Vertical max for long windows: van Herk/Gil-Werman over blocks of k rows. For the block
 * starting at row bs: S[i] = fold(rows bs+i … bs+k−1), P[i] = fold(rows bs+k … bs+k+i); the
 * window starting at row a (bs < a < bs+k) is combine(S[a−bs], P[a−bs−1]), at a = bs it is S[0].
 * S and P hold k rows of `bstr` bytes each; R is the number of input rows.
 */
function vmaxVanHerk(nan: boolean): string {
  const params = p32('src', 'sstr', 'dst', 'dstr', 'orows', 'n', 'k', 'sh', 'sp', 'pp', 'bstr', 'R');
  const rowOp = (dst: string, a: string, b: string | null): string =>
    forLoop('c', i32(0), get('nb'), 16, [
      set('acc', load(add(a, get('c')))),
      ...(b === null ? [] : [set('v', load(add(b, get('c')))), combine('acc', 'v', nan)]),
      store(add(dst, get('c')), get('acc')),
    ]);
  const row = (r: string): string => add(get('src'), mul(r, get('sstr')));
  const buf = (base: string, i: string): string => add(get(base), mul(i, get('bstr')));
  return func(
    `vmax_vh${nanSuffix(nan)}`,
    params,
    [...p32('o', 'a', 'b', 'block', 'bs', 'i', 'm', 'c', 'nb'), ...v128('acc', 'v')],
    [
      set('nb', `(i32.shl ${get('n')} ${i32(2)})`),
      set('block', i32(-1)),
      forLoop('o', i32(0), get('orows'), 1, [
        set('a', mul(get('o'), get('sh'))),
        set('b', `(i32.div_u ${get('a')} ${get('k')})`),
        `(if (i32.ne ${get('b')} ${get('block')}) (then`,
        set('block', get('b')),
        set('bs', mul(get('b'), get('k'))),
        // suffixes, last row first: S[i] = combine(row(bs+i), S[i+1])
        set('i', `(i32.sub ${get('k')} ${i32(1)})`),
        rowOp(buf('sp', get('i')), row(add(get('bs'), get('i'))), null),
        whileLoop(`(i32.gt_s ${get('i')} ${i32(0)})`, [
          set('i', `(i32.sub ${get('i')} ${i32(1)})`),
          rowOp(buf('sp', get('i')), row(add(get('bs'), get('i'))), buf('sp', add(get('i'), i32(1)))),
        ]),
        // prefixes of the next block, clipped to the rows that exist
        set('m', `(i32.sub ${get('R')} (i32.add ${get('bs')} ${get('k')}))`),
        `(if (i32.gt_s ${get('m')} ${get('k')}) (then ${set('m', get('k'))}))`,
        `(if (i32.gt_s ${get('m')} ${i32(0)}) (then`,
        rowOp(buf('pp', i32(0)), row(add(get('bs'), get('k'))), null),
        forLoop('i', i32(1), get('m'), 1, [
          rowOp(buf('pp', get('i')), buf('pp', `(i32.sub ${get('i')} ${i32(1)})`), row(add(add(get('bs'), get('k')), get('i')))),
        ]),
        '))',
        '))',
        `(if (i32.eq ${get('a')} ${get('bs')}) (then`,
        rowOp(add(get('dst'), mul(get('o'), get('dstr'))), buf('sp', i32(0)), null),
        ') (else',
        rowOp(
          add(get('dst'), mul(get('o'), get('dstr'))),
          buf('sp', `(i32.sub ${get('a')} ${get('bs')})`),
          buf('pp', `(i32.sub (i32.sub ${get('a')} ${get('bs')}) ${i32(1)})`),
        ),
        '))',
      ]),
    ],
  );
}

/**
 * Tap i of four outputs (stride s) cut out of vectors V[0], V[1], … holding consecutive columns:
 * lane l is column s·l + i, i.e. vector ⌊(s·l + i)/4⌋, lane (s·l + i) mod 4. One shuffle when
 * the lanes come from two vectors, two when from three.
 */
function tapFrom(V: readonly string[], s: 1 | 2, i: number): string {
  const src = [0, 1, 2, 3].map((l) => ({ m: Math.floor((s * l + i) / 4), lane: (s * l + i) % 4 }));
  const vs = [...new Set(src.map((x) => x.m))];
  const bytes = (lane: number, which: number): string => [0, 1, 2, 3].map((b) => 16 * which + 4 * lane + b).join(' ');
  if (vs.length === 1 && src.every((x, l) => x.lane === l)) return get(V[vs[0]!]!);
  const a = vs[0]!;
  const b = vs[1] ?? a;
  const first = src.map((x) => (x.m === a ? bytes(x.lane, 0) : x.m === b ? bytes(x.lane, 1) : bytes(0, 0))).join(' ');
  const ab = `(i8x16.shuffle ${first} ${get(V[a]!)} ${get(V[b]!)})`;
  if (vs.length <= 2) return ab;
  const c = vs[2]!;
  const second = src.map((x, l) => (x.m === c ? bytes(x.lane, 1) : bytes(l, 0))).join(' ');
  return `(i8x16.shuffle ${second} ${ab} ${get(V[c]!)})`;
}

/**
 * Max over bands without NaN and −0 (checked by `scan`): then a window's max is one value
 * whatever the fold order, so columns are reduced first. Each vector of columns is folded over
 * the kh rows once (elementwise pmax), kept for the next group of outputs while the window still
 * covers it, and the k taps are cut out of these vectors by shuffles. Unrolled for one (k, kh);
 * any vertical stride sh.
 */
function cmax(s: 1 | 2, k: number, kh: number): string {
  const M = Math.ceil((3 * s + k) / 4); // vectors of columns one group of 4 outputs reads
  const keep = M - s; // carried to the next group (the window advances by s vectors)
  const V = Array.from({ length: M }, (_, m) => `v${m}`);
  const R = Array.from({ length: kh }, (_, j) => `r${j}`);
  const vfold = (m: number): string[] => {
    const out = [set(V[m]!, load(get(R[0]!), 16 * m))];
    for (let j = 1; j < kh; j++) out.push(set(V[m]!, `(f32x4.pmax ${get(V[m]!)} ${load(get(R[j]!), 16 * m)})`));
    return out;
  };

  const taps: string[] = [set('acc', tapFrom(V, s, 0))];
  for (let i = 1; i < k; i++) taps.push(set('t', tapFrom(V, s, i)), set('acc', `(f32x4.pmax ${get('acc')} ${get('t')})`));
  const params = p32('src', 'sstr', 'dst', 'dstr', 'orows', 'n', 'sh');
  return func(
    `cmax_s${s}_k${k}_h${kh}`,
    params,
    [...p32('o', 'q', 'qe', 'rstep', ...R), ...v128('acc', 't', ...V)],
    [
      set('rstep', mul(get('sh'), get('sstr'))),
      forLoop('o', i32(0), get('orows'), 1, [
        ...R.map((r, j) => set(r, add(get('src'), mul(i32(j), get('sstr'))))),
        ...Array.from({ length: keep }, (_, m) => vfold(m)).flat(),
        set('q', get('dst')),
        set('qe', add(get('q'), `(i32.shl ${get('n')} ${i32(2)})`)),
        whileLoop(`(i32.lt_u ${get('q')} ${get('qe')})`, [
          ...Array.from({ length: s }, (_, f) => vfold(keep + f)).flat(),
          ...taps,
          store(get('q'), get('acc')),
          ...Array.from({ length: keep }, (_, m) => set(V[m]!, get(V[m + s]!))),
          ...R.map((r) => inc(r, 16 * s)),
          inc('q', 16),
        ]),
        inc('src', get('rstep')),
        inc('dst', get('dstr')),
      ]),
    ],
  );
}

/**
 * Window sums of whole numbers of magnitude ≤ 2^B with kvol·2^B ≤ 2^24 (uint8 images and the
 * like): every partial sum is then exact in float32, so any order gives PyTorch's float64 sum
 * and the cmax scheme runs with float32 adds — columns over the kh rows first, then the taps by
 * shuffles — and one float32 division (or multiplication by an exact reciprocal) per output.
 * Dividing the exact sum in float32 rounds once, which equals rounding the float64 quotient
 * to float32 (53 ≥ 2·24 + 2). The kernel checks its premise on every cell it reads (a whole
 * number within ±lim, lim = 2^B; rows a window shares with the previous output row were checked
 * there) and returns 0 when any fails: its outputs are then void and the driver redoes the band
 * in order. fh32[o] and fw32[q] are the divisor factors as float32.
 */
function csum(s: 1 | 2, k: number, kh: number): string {
  const M = Math.ceil((3 * s + k) / 4);
  const keep = M - s;
  const V = Array.from({ length: M }, (_, m) => `v${m}`);
  const R = Array.from({ length: kh }, (_, j) => `r${j}`);
  // Rows j < skip were rows j + sh of the previous output row, checked there at the same
  // addresses: only the first output row checks every row.
  const vfold = (m: number, skip: number): string[] => {
    const check = (j: number): string[] =>
      j < skip
        ? []
        : [set('ok', `(v128.and ${get('ok')} (f32x4.eq ${get('x')} (f32x4.trunc (f32x4.pmin (f32x4.pmax ${get('x')} ${get('nlim')}) ${get('lim')}))))`)];
    const out = [set('x', load(get(R[0]!), 16 * m)), ...check(0), set(V[m]!, get('x'))];
    for (let j = 1; j < kh; j++) out.push(set('x', load(get(R[j]!), 16 * m)), ...check(j), set(V[m]!, `(f32x4.add ${get(V[m]!)} ${get('x')})`));
    return out;
  };
  const taps: string[] = [set('acc', tapFrom(V, s, 0))];
  for (let i = 1; i < k; i++) taps.push(set('acc', `(f32x4.add ${get('acc')} ${tapFrom(V, s, i)})`));
  const rowBody = (skip: number): string[] => [
    ...Array.from({ length: keep }, (_, m) => vfold(m, skip)).flat(),
    set('q', get('dst')),
    set('w', get('fw')),
    set('qe', add(get('q'), `(i32.shl ${get('n')} ${i32(2)})`)),
    whileLoop(`(i32.lt_u ${get('q')} ${get('qe')})`, [
      ...Array.from({ length: s }, (_, f) => vfold(keep + f, skip)).flat(),
      ...taps,
      // PyTorch's sum starts at +0: a window of −0 only sums to +0
      set('acc', `(f32x4.add ${get('acc')} (v128.const i32x4 0 0 0 0))`),
      set('d', `(f32x4.mul ${get('fo')} ${load(get('w'))})`),
      `(if ${get('mul')} (then ${set('acc', `(f32x4.mul ${get('acc')} ${get('d')})`)}) (else ${set('acc', `(f32x4.div ${get('acc')} ${get('d')})`)}))`,
      store(get('q'), get('acc')),
      ...Array.from({ length: keep }, (_, m) => set(V[m]!, get(V[m + s]!))),
      ...R.map((r) => inc(r, 16 * s)),
      inc('q', 16),
      inc('w', 16),
    ]),
  ];
  // Output row 0 (or windows that do not overlap) check every row; later rows skip kh − sh.
  let rows = rowBody(0);
  for (let sh = kh - 1; sh >= 1; sh--) {
    rows = [`(if (i32.and (i32.ne ${get('o')} ${i32(0)}) (i32.eq ${get('sh')} ${i32(sh)})) (then`, ...rowBody(kh - sh), ') (else', ...rows, '))'];
  }
  const params = p32('src', 'sstr', 'dst', 'dstr', 'orows', 'n', 'sh', 'fh', 'fw', 'mul', 'blim');
  return func(
    `csum_s${s}_k${k}_h${kh}`,
    params,
    [...p32('o', 'q', 'qe', 'w', 'rstep', ...R), ...v128('acc', 'fo', 'd', 'x', 'ok', 'lim', 'nlim', ...V)],
    [
      set('ok', '(v128.const i32x4 -1 -1 -1 -1)'),
      set('lim', `(f32x4.splat (f32.reinterpret_i32 (i32.shl (i32.add ${get('blim')} ${i32(127)}) ${i32(23)})))`),
      set('nlim', `(f32x4.neg ${get('lim')})`),
      set('rstep', mul(get('sh'), get('sstr'))),
      forLoop('o', i32(0), get('orows'), 1, [
        set('fo', `(f32x4.splat (f32.load ${add(get('fh'), `(i32.shl ${get('o')} ${i32(2)})`)}))`),
        ...R.map((r, j) => set(r, add(get('src'), mul(i32(j), get('sstr'))))),
        ...rows,
        // stop at the first row that breaks the premise: the band is redone anyway
        `(if (i32.eqz (i32x4.all_true ${get('ok')})) (then (return ${i32(0)})))`,
        inc('src', get('rstep')),
        inc('dst', get('dstr')),
      ]),
      `(i32x4.all_true ${get('ok')})`,
    ],
    'i32',
  );
}

/**
 * Window sums of float32 cells that are exactly summable in float64 (any order gives PyTorch's
 * sum): random data in [0, 1) with 24-bit fractions (torch.rand), data normalised to [0, 1],
 * most of randn — whose float32 partial sums would round, so csum fails. The csum scheme in
 * float64: each vector of four columns is summed over the kh rows as two float64 pairs
 * (promoted once per row, not once per tap), and the k taps of a pair of outputs are cut out of
 * these pairs by shuffles; then divided (or multiplied by exact reciprocals) by fh[o]·fw[q] and
 * rounded to float32 as the in-order kernels do: the same bits.
 * It checks a sufficient premise as it loads the cells (rows a window shares with the previous
 * output row were checked there): a normal cell with biased exponent b is a multiple of
 * 2^(b − 150) (a subnormal one of 2^−149), so when the smallest nonzero |x| has an exponent at
 * least kbits − 29 above the largest one's, every cell is a multiple of 2^(E + kbits − 53) and
 * `exact`'s rule holds. Returns 1 when it held, else 0: the outputs are then void unless `exact`
 * (which also passes whole numbers spread wider) says the band is exact after all.
 */
function fsum(s: 1 | 2, k: number, kh: number): string {
  const M = Math.ceil((3 * s + k) / 4);
  const keep = M - s;
  // Column pairs: P[2m] = columns 4m, 4m+1 and P[2m+1] = columns 4m+2, 4m+3, summed over the rows.
  const P = Array.from({ length: 2 * M }, (_, m) => `p${m}`);
  const R = Array.from({ length: kh }, (_, j) => `r${j}`);
  const abs = '(v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)';
  const vfold = (m: number, skip: number): string[] => {
    const out: string[] = [];
    for (let j = 0; j < kh; j++) {
      const lo = `(f64x2.promote_low_f32x4 ${get('x')})`;
      const hi = `(f64x2.promote_low_f32x4 (${HIGH_HALF} ${get('x')} ${get('x')}))`;
      out.push(set('x', load(get(R[j]!), 16 * m)));
      if (j >= skip) {
        // largest |x| bits, and smallest nonzero ones (−1 turns 0 into the largest unsigned value)
        out.push(set('xa', `(v128.and ${get('x')} ${abs})`));
        out.push(set('bmax', `(i32x4.max_u ${get('bmax')} ${get('xa')})`));
        out.push(set('bmin', `(i32x4.min_u ${get('bmin')} (i32x4.sub ${get('xa')} (v128.const i32x4 1 1 1 1)))`));
      }
      out.push(j === 0 ? set(P[2 * m]!, lo) : set(P[2 * m]!, `(f64x2.add ${get(P[2 * m]!)} ${lo})`));
      out.push(j === 0 ? set(P[2 * m + 1]!, hi) : set(P[2 * m + 1]!, `(f64x2.add ${get(P[2 * m + 1]!)} ${hi})`));
    }
    return out;
  };
  // Tap i of outputs (2h, 2h + 1) of the group: columns s·2h + i and s·(2h + 1) + i.
  const pairTap = (h: number, i: number): string => {
    const cols = [s * 2 * h + i, s * (2 * h + 1) + i];
    const [x, y] = cols.map((c) => ({ v: Math.floor(c / 2), lane: c % 2 }));
    if (x!.v === y!.v) return get(P[x!.v]!);
    const bytes = (lane: number, which: number): string => Array.from({ length: 8 }, (_, b) => 16 * which + 8 * lane + b).join(' ');
    return `(i8x16.shuffle ${bytes(x!.lane, 0)} ${bytes(y!.lane, 1)} ${get(P[x!.v]!)} ${get(P[y!.v]!)})`;
  };
  const taps: string[] = [];
  for (const h of [0, 1]) {
    const a = `a${h}`;
    taps.push(set(a, pairTap(h, 0)));
    for (let i = 1; i < k; i++) taps.push(set(a, `(f64x2.add ${get(a)} ${pairTap(h, i)})`));
    // PyTorch's sum starts at +0: a window of −0 only sums to +0
    taps.push(set(a, `(f64x2.add ${get(a)} (v128.const i64x2 0 0))`));
  }
  const rowBody = (skip: number): string[] => [
    ...Array.from({ length: keep }, (_, m) => vfold(m, skip)).flat(),
    set('q', get('dst')),
    set('w', get('fw')),
    set('qe', add(get('q'), `(i32.shl ${get('n')} ${i32(2)})`)),
    whileLoop(`(i32.lt_u ${get('q')} ${get('qe')})`, [
      ...Array.from({ length: s }, (_, f) => vfold(keep + f, skip)).flat(),
      ...taps,
      ...divideStore(),
      ...Array.from({ length: 2 * keep }, (_, m) => set(P[m]!, get(P[m + 2 * s]!))),
      ...R.map((r) => inc(r, 16 * s)),
      inc('q', 16),
      inc('w', 32),
    ]),
  ];
  // Later output rows skip the kh − sh rows checked for the previous one, in one variant: the
  // row stride equal to the column stride (square windows and strides); others check every row.
  let rows = rowBody(0);
  if (kh > s) rows = [`(if (i32.and (i32.ne ${get('o')} ${i32(0)}) (i32.eq ${get('sh')} ${i32(s)})) (then`, ...rowBody(kh - s), ') (else', ...rows, '))'];
  const reduce = (v: string, out: string, op: 'gt_u' | 'lt_u'): string[] => [
    set(out, `(i32x4.extract_lane 0 ${get(v)})`),
    ...[1, 2, 3].map((l) => set(out, `(select (i32x4.extract_lane ${l} ${get(v)}) ${get(out)} (i32.${op} (i32x4.extract_lane ${l} ${get(v)}) ${get(out)}))`)),
  ];
  const bexp = (bits: string): string => `(select (i32.shr_u ${bits} ${i32(23)}) ${i32(1)} (i32.gt_u (i32.shr_u ${bits} ${i32(23)}) ${i32(1)}))`;
  const params = p32('src', 'sstr', 'dst', 'dstr', 'orows', 'n', 'sh', 'fh', 'fw', 'mul', 'kbits');
  return func(
    `fsum_s${s}_k${k}_h${kh}`,
    params,
    [...p32('o', 'q', 'qe', 'w', 'rstep', 'mx', 'mn', ...R), ...v128('x', 'xa', 'bmax', 'bmin', 'fo', 'd0', 'd1', 'a0', 'a1', ...P)],
    [
      set('bmin', '(v128.const i32x4 -1 -1 -1 -1)'),
      set('rstep', mul(get('sh'), get('sstr'))),
      forLoop('o', i32(0), get('orows'), 1, [
        set('fo', `(f64x2.splat (f64.load ${add(get('fh'), `(i32.shl ${get('o')} ${i32(3)})`)}))`),
        ...R.map((r, j) => set(r, add(get('src'), mul(i32(j), get('sstr'))))),
        ...rows,
        inc('src', get('rstep')),
        inc('dst', get('dstr')),
      ]),
      ...reduce('bmax', 'mx', 'gt_u'),
      ...reduce('bmin', 'mn', 'lt_u'),
      `(if (i32.ge_u ${get('mx')} ${i32(0x7f800000)}) (then (return ${i32(0)})))`,
      // all zeros: every sum is +0
      `(if (i32.eq ${get('mn')} ${i32(-1)}) (then (return ${i32(1)})))`,
      `(i32.ge_s ${bexp(add(get('mn'), i32(1)))} (i32.sub ${add(bexp(get('mx')), get('kbits'))} ${i32(29)}))`,
    ],
    'i32',
  );
}

/**
 * Flags of nbytes (a multiple of 64) of float32 cells: 1 = some NaN, 2 = some −0. −0 is the
 * only float whose bits are the smallest int32, so a running i32 minimum finds it.
 */
function scan(): string {
  const step = (off: number): string[] => [
    set('x', load(get('ptr'), off)),
    set('nan', `(v128.or ${get('nan')} (f32x4.ne ${get('x')} ${get('x')}))`),
    set('lo', `(i32x4.min_s ${get('lo')} ${get('x')})`),
  ];
  return func(
    'scan',
    p32('ptr', 'nbytes'),
    [...p32('end'), ...v128('nan', 'lo', 'x')],
    [
      set('lo', '(v128.const i32x4 0 0 0 0)'),
      set('end', add(get('ptr'), get('nbytes'))),
      whileLoop(`(i32.lt_u ${get('ptr')} ${get('end')})`, [...step(0), ...step(16), ...step(32), ...step(48), inc('ptr', 64)]),
      `(i32.or (v128.any_true ${get('nan')}) (i32.shl (v128.any_true (i32x4.eq ${get('lo')} (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))) ${i32(1)}))`,
    ],
    'i32',
  );
}

/**
 * Outputs [from, to) of each band row whose windows reach past a row's ends (whole-row layout,
 * see bands.ts): a scalar fold over the in-bounds columns, rows of padding included (they hold
 * the fill value, which changes nothing). row0 is band row 0 at real column 0.
 * max: PyTorch's rule exactly (first cell, then `v > best || v != v`); sum: float64 in row-major
 * order from +0, then divided like the vector kernels.
 */
function edges(kind: 'max' | 'sum'): string {
  const params = p32('row0', 'rs', 'out', 'ostr', 'orows', 'from', 'to', 'kh', 'kw', 'sh', 'sw', 'pbw', 'W', ...(kind === 'sum' ? ['fh', 'fw', 'mul'] : []));
  const cell = `(f32.load ${add(get('r'), `(i32.shl ${get('c')} ${i32(2)})`)})`;
  const fold =
    kind === 'max'
      ? [
          set('v', cell),
          set(
            'best',
            `(select ${get('v')} ${get('best')} (i32.or ${get('first')} (i32.or (f32.gt ${get('v')} ${get('best')}) (f32.ne ${get('v')} ${get('v')}))))`,
          ),
          set('first', i32(0)),
        ]
      : [set('sum', `(f64.add ${get('sum')} (f64.promote_f32 ${cell}))`)];
  const init = kind === 'max' ? [set('best', '(f32.const -inf)'), set('first', i32(1))] : [set('sum', '(f64.const 0)')];
  const div = `(f64.mul (f64.load ${add(get('fh'), `(i32.shl ${get('o')} ${i32(3)})`)}) (f64.load ${add(get('fw'), `(i32.shl ${get('q')} ${i32(3)})`)}))`;
  const result = kind === 'max' ? get('best') : `(f32.demote_f64 (select (f64.mul ${get('sum')} ${div}) (f64.div ${get('sum')} ${div}) ${get('mul')}))`;
  return func(
    `edge_${kind}`,
    params,
    [...p32('o', 'q', 'j', 'c', 'c0', 'ca', 'cb', 'r', 'first'), { name: 'v', type: 'f32' }, { name: 'best', type: 'f32' }, ...f64('sum')],
    [
      forLoop('o', i32(0), get('orows'), 1, [
        forLoop('q', get('from'), get('to'), 1, [
          set('c0', `(i32.sub ${mul(get('q'), get('sw'))} ${get('pbw')})`),
          set('ca', `(select ${get('c0')} ${i32(0)} (i32.gt_s ${get('c0')} ${i32(0)}))`),
          set('cb', `(select ${add(get('c0'), get('kw'))} ${get('W')} (i32.lt_s ${add(get('c0'), get('kw'))} ${get('W')}))`),
          ...init,
          forLoop('j', i32(0), get('kh'), 1, [
            set('r', add(get('row0'), mul(add(mul(get('o'), get('sh')), get('j')), get('rs')))),
            forLoop('c', get('ca'), get('cb'), 1, fold),
          ]),
          `(f32.store ${add(add(get('out'), mul(get('o'), get('ostr'))), `(i32.shl ${get('q')} ${i32(2)})`)} ${result})`,
        ]),
      ]),
    ],
  );
}

// ------------------------------------------------------------------------------------ sums

const ODD = 'i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31';
/** Lanes 2 and 3 of one vector, in lanes 0 and 1. */
const HIGH_HALF = 'i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15';

/** Adds the four float32 lanes of local `v` (four outputs' tap) to the float64 accumulators `${a}0`, `${a}1`. */
function addLanes(v: string, a = 'a'): string[] {
  return [
    set(`${a}0`, `(f64x2.add ${get(`${a}0`)} (f64x2.promote_low_f32x4 ${get(v)}))`),
    set(`${a}1`, `(f64x2.add ${get(`${a}1`)} (f64x2.promote_low_f32x4 (${HIGH_HALF} ${get(v)} ${get(v)})))`),
  ];
}

/**
 * Adds taps [from, from + count) of the row at `t` (offset in bytes) in order. Stride 1: two
 * 8-byte loads per tap. Stride 2: taps i and i+1 are the even and odd lanes of the same two
 * loads, so a pair of taps costs two loads.
 */
function addTaps(s: 1 | 2, t: string, first: number, count: number, a = 'a', base = 0): string[] {
  const out: string[] = [];
  for (let i = first; i < first + count; i++) {
    const off = base + 4 * i;
    if (s === 1) {
      out.push(
        set(`${a}0`, `(f64x2.add ${get(`${a}0`)} (f64x2.promote_low_f32x4 (v128.load64_zero offset=${off} ${t})))`),
        set(`${a}1`, `(f64x2.add ${get(`${a}1`)} (f64x2.promote_low_f32x4 (v128.load64_zero offset=${off + 8} ${t})))`),
      );
    } else if ((i - first) % 2 === 0) {
      out.push(
        set(`${a}la`, load(t, off)),
        set(`${a}lb`, load(t, off + 16)),
        set(`${a}e`, `(${EVEN} ${get(`${a}la`)} ${get(`${a}lb`)})`),
        ...addLanes(`${a}e`, a),
      );
    } else {
      out.push(set(`${a}e`, `(${ODD} ${get(`${a}la`)} ${get(`${a}lb`)})`), ...addLanes(`${a}e`, a));
    }
  }
  return out;
}

/**
 * Divides (or, when $mul, multiplies by reciprocals) accumulators `${a}0`, `${a}1` by
 * fo·fw[w + off …], rounds to float32 and stores 4 floats at q + off/2.
 */
function divideStore(a = 'a', off = 0): string[] {
  return [
    set('d0', `(f64x2.mul ${get('fo')} ${load(get('w'), off)})`),
    set('d1', `(f64x2.mul ${get('fo')} ${load(get('w'), off + 16)})`),
    `(if ${get('mul')} (then`,
    set(`${a}0`, `(f64x2.mul ${get(`${a}0`)} ${get('d0')})`),
    set(`${a}1`, `(f64x2.mul ${get(`${a}1`)} ${get('d1')})`),
    ') (else',
    set(`${a}0`, `(f64x2.div ${get(`${a}0`)} ${get('d0')})`),
    set(`${a}1`, `(f64x2.div ${get(`${a}1`)} ${get('d1')})`),
    '))',
    `(v128.store offset=${off / 2} ${get('q')} (${LOW_HALVES} (f32x4.demote_f64x2_zero ${get(`${a}0`)}) (f32x4.demote_f64x2_zero ${get(`${a}1`)})))`,
  ];
}

/**
 * Window sums in PyTorch's order (row-major from +0, float64), divided per output by
 * fh[o]·fw[ow] (float64 tables; reciprocals when $mul), rounded to float32.
 */
function sumOrdered(s: 1 | 2, k: number | 'g'): string {
  const name = `sum_s${s}_${k === 'g' ? 'g' : `k${k}`}`;
  const params = p32('src', 'sstr', 'dst', 'dstr', 'orows', 'n', 'kh', 'sh', 'fh', 'fw', 'mul', ...(k === 'g' ? ['k'] : []));
  const rowTaps =
    k === 'g' ? [set('u', get('t')), forLoop('i', i32(0), get('k'), 1, [...addTaps(s, get('u'), 0, 1), inc('u', 4)])] : addTaps(s, get('t'), 0, k);
  return func(
    name,
    params,
    [...p32('o', 'base', 'q', 'qe', 't', 'u', 'i', 'j', 'w', 'rstep'), ...v128('d0', 'd1', 'fo', 'a0', 'a1', 'ala', 'alb', 'ae')],
    [
      set('rstep', mul(get('sh'), get('sstr'))),
      forLoop('o', i32(0), get('orows'), 1, [
        set('fo', `(f64x2.splat (f64.load ${add(get('fh'), `(i32.shl ${get('o')} ${i32(3)})`)}))`),
        set('base', get('src')),
        set('w', get('fw')),
        set('q', get('dst')),
        set('qe', add(get('q'), `(i32.shl ${get('n')} ${i32(2)})`)),
        whileLoop(`(i32.lt_u ${get('q')} ${get('qe')})`, [
          set('a0', '(v128.const i64x2 0 0)'),
          set('a1', '(v128.const i64x2 0 0)'),
          set('t', get('base')),
          forLoop('j', i32(0), get('kh'), 1, [...rowTaps, inc('t', get('sstr'))]),
          ...divideStore(),
          inc('base', 16 * s),
          inc('w', 32),
          inc('q', 16),
        ]),
        inc('src', get('rstep')),
        inc('dst', get('dstr')),
      ]),
    ],
  );
}

/**
 * Exact-sum pass along rows (order free: only called on proved-exact data): float32 rows →
 * float64 window sums, by sliding (subtract the cells that leave first, then add those that
 * enter, so every partial sum is a sum of cells of one window). Four rows advance in lockstep
 * (independent chains); a short last group repeats its last row.
 */
function hsumSlide(): string {
  const params = p32('src', 'sstr', 'dst', 'dstr', 'rows', 'n', 'k', 's');
  const R = [0, 1, 2, 3];
  const x = (r: number, idx: string): string => `(f64.promote_f32 (f32.load ${add(get(`p${r}`), `(i32.shl ${idx} ${i32(2)})`)}))`;
  const locals = [...p32('r', 'o', 'j', 'lo', 'hi', ...R.map((r) => `p${r}`), ...R.map((r) => `q${r}`)), ...f64(...R.map((r) => `a${r}`))];
  const pick = (r: number): string => `(select ${add(get('r'), i32(r))} (i32.sub ${get('rows')} ${i32(1)}) (i32.lt_u ${add(get('r'), i32(r))} ${get('rows')}))`;
  return func('hsum_slide', params, locals, [
    forLoop('r', i32(0), get('rows'), 4, [
      ...R.flatMap((r) => [set(`p${r}`, add(get('src'), mul(pick(r), get('sstr')))), set(`q${r}`, add(get('dst'), mul(pick(r), get('dstr'))))]),
      ...R.map((r) => set(`a${r}`, '(f64.const 0)')),
      forLoop(
        'j',
        i32(0),
        get('k'),
        1,
        R.map((r) => set(`a${r}`, `(f64.add ${get(`a${r}`)} ${x(r, get('j'))})`)),
      ),
      ...R.map((r) => `(f64.store ${get(`q${r}`)} ${get(`a${r}`)})`),
      forLoop('o', i32(1), get('n'), 1, [
        set('lo', mul(`(i32.sub ${get('o')} ${i32(1)})`, get('s'))),
        set('hi', add(get('lo'), get('k'))),
        forLoop(
          'j',
          i32(0),
          get('s'),
          1,
          R.map((r) => set(`a${r}`, `(f64.sub ${get(`a${r}`)} ${x(r, add(get('lo'), get('j')))})`)),
        ),
        forLoop(
          'j',
          i32(0),
          get('s'),
          1,
          R.map((r) => set(`a${r}`, `(f64.add ${get(`a${r}`)} ${x(r, add(get('hi'), get('j')))})`)),
        ),
        ...R.map((r) => `(f64.store ${add(get(`q${r}`), `(i32.shl ${get('o')} ${i32(3)})`)} ${get(`a${r}`)})`),
      ]),
    ]),
  ]);
}

/** Exact-sum pass along rows for short windows: float32 rows → float64 sums, k taps, stride s. */
function hsumDirect(s: 1 | 2): string {
  const params = p32('src', 'sstr', 'dst', 'dstr', 'rows', 'n', 'k');
  return func(
    `hsum_s${s}`,
    params,
    [...p32('r', 'p', 'q', 'qe', 'u', 'i'), ...v128('a0', 'a1', 'ala', 'alb', 'ae')],
    [
      forLoop('r', i32(0), get('rows'), 1, [
        set('p', get('src')),
        set('q', get('dst')),
        set('qe', add(get('q'), `(i32.shl ${get('n')} ${i32(3)})`)),
        whileLoop(`(i32.lt_u ${get('q')} ${get('qe')})`, [
          set('a0', '(v128.const i64x2 0 0)'),
          set('a1', '(v128.const i64x2 0 0)'),
          set('u', get('p')),
          forLoop('i', i32(0), get('k'), 1, [...addTaps(s, get('u'), 0, 1), inc('u', 4)]),
          store(get('q'), get('a0')),
          `(v128.store offset=16 ${get('q')} ${get('a1')})`,
          inc('p', 16 * s),
          inc('q', 32),
        ]),
        inc('src', get('sstr')),
        inc('dst', get('dstr')),
      ]),
    ],
  );
}

/**
 * Exact-sum pass down columns of float64 row sums, then divide and round to float32. Sliding
 * when `slide` (acc row at `acc`: leave rows subtracted first, then entering rows added),
 * direct otherwise.
 */
function vsumExact(): string {
  const params = p32('src', 'sstr', 'dst', 'dstr', 'orows', 'n', 'k', 'sh', 'fh', 'fw', 'mul', 'acc', 'slide');
  const rowAt = (r: string): string => add(get('src'), mul(r, get('sstr')));
  const col = (ptr: string, off: number): string => load(add(ptr, get('c')), off);
  return func(
    'vsum_exact',
    params,
    [...p32('o', 'c', 'nb', 'j', 'lo', 'hi', 'q', 'w', 'a', 't'), ...v128('a0', 'a1', 'd0', 'd1', 'fo')],
    [
      set('nb', `(i32.shl ${get('n')} ${i32(3)})`),
      forLoop('o', i32(0), get('orows'), 1, [
        set('fo', `(f64x2.splat (f64.load ${add(get('fh'), `(i32.shl ${get('o')} ${i32(3)})`)}))`),
        set('a', mul(get('o'), get('sh'))),
        set('q', add(get('dst'), mul(get('o'), get('dstr')))),
        set('w', get('fw')),
        forLoop('c', i32(0), get('nb'), 32, [
          `(if (i32.and ${get('slide')} (i32.ne ${get('o')} ${i32(0)})) (then`,
          set('a0', col(get('acc'), 0)),
          set('a1', col(get('acc'), 16)),
          set('lo', `(i32.sub ${get('a')} ${get('sh')})`),
          forLoop('j', i32(0), get('sh'), 1, [
            set('t', rowAt(add(get('lo'), get('j')))),
            set('a0', `(f64x2.sub ${get('a0')} ${col(get('t'), 0)})`),
            set('a1', `(f64x2.sub ${get('a1')} ${col(get('t'), 16)})`),
          ]),
          set('hi', add(get('lo'), get('k'))),
          forLoop('j', i32(0), get('sh'), 1, [
            set('t', rowAt(add(get('hi'), get('j')))),
            set('a0', `(f64x2.add ${get('a0')} ${col(get('t'), 0)})`),
            set('a1', `(f64x2.add ${get('a1')} ${col(get('t'), 16)})`),
          ]),
          ') (else',
          set('a0', '(v128.const i64x2 0 0)'),
          set('a1', '(v128.const i64x2 0 0)'),
          forLoop('j', i32(0), get('k'), 1, [
            set('t', rowAt(add(get('a'), get('j')))),
            set('a0', `(f64x2.add ${get('a0')} ${col(get('t'), 0)})`),
            set('a1', `(f64x2.add ${get('a1')} ${col(get('t'), 16)})`),
          ]),
          '))',
          `(if ${get('slide')} (then`,
          store(add(get('acc'), get('c')), get('a0')),
          `(v128.store offset=16 ${add(get('acc'), get('c'))} ${get('a1')})`,
          '))',
          ...divideStore(),
          inc('w', 32),
          inc('q', 16),
        ]),
      ]),
    ],
  );
}

/**
 * 1 when sums of up to kvol of these float32 cells are exact in float64 (kernels/exactness.ts's
 * rule), else 0. With 2^E above every |x| and kbits = ⌈log2(kvol + 1)⌉, no sum of up to kvol
 * cells rounds when every cell is a multiple of 2^(E + kbits − 53). Pass 1 finds E (and NaN or
 * inf); pass 2 tests x·2^(53 − kbits − E) for integers, stopping soon after a failure. Data
 * whose scale leaves float32's range is declined (0), and so is data whose scale is below 1
 * (|x| ≥ 2^(52 − kbits)): a tiny cell times it could underflow to the integer 0 and pass.
 */
function exact(): string {
  const params = p32('ptr', 'nbytes', 'kbits');
  const step = (off: number): string[] => [
    set('t', `(f32x4.mul ${load(get('p'), off)} ${get('sc')})`),
    set('ok', `(v128.and ${get('ok')} (f32x4.eq ${get('t')} (f32x4.trunc ${get('t')})))`),
  ];
  const abs = '(v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)';
  return func(
    'exact',
    params,
    [...p32('p', 'end', 'mx', 'e'), ...v128('m', 't', 'ok', 'sc')],
    [
      set('end', add(get('ptr'), get('nbytes'))),
      set('m', '(v128.const i32x4 0 0 0 0)'),
      forLoop('p', get('ptr'), get('end'), 32, [
        set('m', `(i32x4.max_u ${get('m')} (v128.and ${load(get('p'))} ${abs}))`),
        set('m', `(i32x4.max_u ${get('m')} (v128.and ${load(get('p'), 16)} ${abs}))`),
      ]),
      set('mx', '(i32x4.extract_lane 0 (local.get $m))'),
      ...[1, 2, 3].map((l) =>
        set('mx', `(select (i32x4.extract_lane ${l} ${get('m')}) ${get('mx')} (i32.gt_u (i32x4.extract_lane ${l} ${get('m')}) ${get('mx')}))`),
      ),
      `(if (i32.ge_u ${get('mx')} ${i32(0x7f800000)}) (then (return ${i32(0)})))`,
      `(if (i32.eqz ${get('mx')}) (then (return ${i32(1)})))`,
      // biased exponent of the scale 2^(53 − kbits − E), E = max(biased exponent of mx, 1) − 126
      set(
        'e',
        `(i32.sub (i32.sub ${i32(53 + 127 + 126)} ${get('kbits')}) (select (i32.shr_u ${get('mx')} ${i32(23)}) ${i32(1)} (i32.gt_u (i32.shr_u ${get('mx')} ${i32(23)}) ${i32(1)})))`,
      ),
      `(if (i32.or (i32.gt_u ${get('e')} ${i32(254)}) (i32.lt_u ${get('e')} ${i32(127)})) (then (return ${i32(0)})))`,
      set('sc', `(f32x4.splat (f32.reinterpret_i32 (i32.shl ${get('e')} ${i32(23)})))`),
      set('ok', '(v128.const i32x4 -1 -1 -1 -1)'),
      set('p', get('ptr')),
      // 4 vectors per step (nbytes is a multiple of 64)
      whileLoop(`(i32.and (i32.lt_u ${get('p')} ${get('end')}) (i32x4.all_true ${get('ok')}))`, [...[0, 16, 32, 48].flatMap(step), inc('p', 64)]),
      `(i32x4.all_true ${get('ok')})`,
    ],
    'i32',
  );
}

/**
 * Running statistics of nbytes (a multiple of 16) of float cells (`f32x4` or `f64x2` lanes),
 * for the panel's value statistics (src/core/stats.ts): lane-wise min and max over the values
 * that are not NaN (pmin and pmax keep the accumulator when the cell is NaN), the NaN count,
 * and the sum of the others in float64. The accumulators live at `acc` (min, max, NaN count
 * i32x4 or i64x2 at 32, sums f64x2 at 48 — float32 cells promote into two, the low and the high
 * pair of lanes, at 48 and 64), so a long array goes through in pieces.
 */
function stats(t: 'f32x4' | 'f64x2'): string {
  const f32 = t === 'f32x4';
  const sums = f32 ? ['s0', 's1'] : ['s0'];
  const add64 = (acc: string, v: string): string => set(acc, `(f64x2.add ${get(acc)} ${v})`);
  return func(
    f32 ? 'stats32' : 'stats64',
    p32('ptr', 'nbytes', 'acc'),
    [...p32('end'), ...v128('x', 'nan', 'clean', 'mn', 'mx', 'cnt', ...sums)],
    [
      set('mn', load(get('acc'), 0)),
      set('mx', load(get('acc'), 16)),
      set('cnt', load(get('acc'), 32)),
      ...sums.map((v, i) => set(v, load(get('acc'), 48 + 16 * i))),
      set('end', add(get('ptr'), get('nbytes'))),
      whileLoop(`(i32.lt_u ${get('ptr')} ${get('end')})`, [
        set('x', load(get('ptr'))),
        set('mn', `(${t}.pmin ${get('mn')} ${get('x')})`),
        set('mx', `(${t}.pmax ${get('mx')} ${get('x')})`),
        set('nan', `(${t}.ne ${get('x')} ${get('x')})`),
        set('cnt', `(${f32 ? 'i32x4' : 'i64x2'}.sub ${get('cnt')} ${get('nan')})`),
        set('clean', `(v128.andnot ${get('x')} ${get('nan')})`),
        ...(f32
          ? [add64('s0', `(f64x2.promote_low_f32x4 ${get('clean')})`), add64('s1', `(f64x2.promote_low_f32x4 (${HIGH_HALF} ${get('clean')} ${get('clean')}))`)]
          : [add64('s0', get('clean'))]),
        inc('ptr', 16),
      ]),
      store(get('acc'), get('mn')),
      `(v128.store offset=16 ${get('acc')} ${get('mx')})`,
      `(v128.store offset=32 ${get('acc')} ${get('cnt')})`,
      ...sums.map((v, i) => `(v128.store offset=${48 + 16 * i} ${get('acc')} ${get(v)})`),
    ],
  );
}

export function generateKernelsWat(): string {
  const fns: string[] = [];
  for (const s of [1, 2] as const) {
    for (const [k, kh] of COLUMN_FIRST) fns.push(cmax(s, k, kh));
    for (const k of UNROLLED) fns.push(hmax(s, k));
    fns.push(hmax(s, 'g'));
    for (const nan of [false, true]) fns.push(hmaxDoubling(s, nan));
  }
  for (const k of [...UNROLLED, 'g' as const]) fns.push(vmax(k));
  for (const nan of [false, true]) fns.push(vmaxVanHerk(nan));
  for (const s of [1, 2] as const) {
    for (const k of [...UNROLLED, 'g' as const]) fns.push(sumOrdered(s, k));
    fns.push(hsumDirect(s));
  }
  for (const s of [1, 2] as const) for (const [k, kh] of COLUMN_FIRST) fns.push(csum(s, k, kh));
  for (const s of [1, 2] as const) for (const [k, kh] of COLUMN_FIRST) fns.push(fsum(s, k, kh));
  fns.push(hsumSlide(), vsumExact(), exact(), scan(), edges('max'), edges('sum'), stats('f32x4'), stats('f64x2'));
  return ['(module', '(memory (export "mem") 1)', ...fns, ')', ''].join('\n');
}

/** A module using one SIMD instruction: WebAssembly.validate() of it tells whether SIMD is there. */
export const SIMD_PROBE_WAT = '(module (func (result v128) (i32x4.splat (i32.const 0))))';
