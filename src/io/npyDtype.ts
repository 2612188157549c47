import { computeDtype } from './computeDtype';

/** NumPy dtypes a .npy may hold, and which of them we can turn into numbers. */
export type NumericKind = 'bool' | 'int' | 'uint' | 'float';

export interface NumericDtype {
  readonly kind: NumericKind;
  /** Bytes per element: 1, 2, 4 or 8. */
  readonly itemsize: 1 | 2 | 4 | 8;
  readonly littleEndian: boolean;
  /** NumPy's name: 'float32', 'int64', 'bool', ... */
  readonly name: string;
  /** The storage the values are read into: computeDtype(name), one rule for every source. */
  readonly output: 'float32' | 'float64';
}

export type DtypeResult = { ok: true; dtype: NumericDtype } | { ok: false; name: string; advice: string };

const CAST = 'np.save(path, a.astype(np.float64))';

/** Interprets a descr string such as '<f4', '>i8', '|b1', '<c16', '|O', '<U5', '<M8[ns]'. */
export function parseDescr(descr: string): DtypeResult {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(\[[^\]]*\])?$/.exec(descr);
  if (!m) return { ok: false, name: `'${descr}'`, advice: CAST };
  const order = m[1]!;
  const code = m[2]!;
  const size = m[3] === '' ? 0 : Number(m[3]);
  const unit = m[4] ?? '';
  const littleEndian = order !== '>';
  const numeric = (kind: NumericKind, name: string): DtypeResult => ({
    ok: true,
    dtype: {
      kind,
      itemsize: size as 1 | 2 | 4 | 8,
      littleEndian,
      name,
      output: computeDtype(name),
    },
  });

  switch (code) {
    case 'b':
      if (size === 1) return numeric('bool', 'bool');
      break;
    case 'i':
      if (size === 1 || size === 2 || size === 4 || size === 8) return numeric('int', `int${size * 8}`);
      break;
    case 'u':
      if (size === 1 || size === 2 || size === 4 || size === 8) return numeric('uint', `uint${size * 8}`);
      break;
    case 'f':
      if (size === 2 || size === 4 || size === 8) return numeric('float', `float${size * 8}`);
      if (size > 8) return { ok: false, name: `float${size * 8} (long double, '${descr}')`, advice: CAST };
      break;
    case 'c':
      return {
        ok: false,
        name: `complex${size * 8} ('${descr}')`,
        advice: 'np.save(path, np.abs(a)) or np.save(path, a.real)',
      };
    case 'O':
      return { ok: false, name: `object ('${descr}', pickled Python objects)`, advice: CAST };
    case 'U':
      return { ok: false, name: `unicode string ('${descr}')`, advice: CAST };
    case 'S':
    case 'a':
      return { ok: false, name: `byte string ('${descr}')`, advice: CAST };
    case 'V':
      return { ok: false, name: `raw void ('${descr}')`, advice: CAST };
    case 'M':
      return { ok: false, name: `datetime64${unit} ('${descr}')`, advice: 'np.save(path, a.astype(np.int64))' };
    case 'm':
      return { ok: false, name: `timedelta64${unit} ('${descr}')`, advice: 'np.save(path, a.astype(np.int64))' };
  }
  return { ok: false, name: `'${descr}'`, advice: CAST };
}
