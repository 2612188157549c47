/*
 * x^p and v^(1/p) as torch's pow does them: exponents 1, 2, 3, 0.5 and, for negative p, -1,
 * -2, -0.5 are special-cased (identity, x·x, x·x·x, sqrt, 1/x, 1/(x·x), 1/sqrt), so p = 1, 2,
 * -1, -2 match torch bit for bit. Other exponents go through Math.pow here and through SLEEF's
 * pow in torch; both are within about 1 ulp, not identical.
 * With f32 every operation is rounded to float32, as torch computes float32 tensors.
 */

function powSpecial(x: number, e: number, f32: boolean): number {
  const f = f32 ? Math.fround : (v: number) => v;
  if (e === 1) return x;
  if (e === 2) return f(x * x);
  if (e === 3) return f(f(x * x) * x);
  if (e === 0.5) return f(Math.sqrt(x));
  if (e === -1) return f(1 / x);
  if (e === -2) return f(1 / f(x * x));
  if (e === -0.5) return f(1 / f(Math.sqrt(x)));
  return f(Math.pow(x, e));
}

export function lpPower(x: number, p: number, f32: boolean): number {
  return powSpecial(x, p, f32);
}

export function lpRoot(v: number, p: number, f32: boolean): number {
  return powSpecial(v, 1 / p, f32);
}
