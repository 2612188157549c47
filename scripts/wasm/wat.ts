/*
 * Tiny helpers for writing WebAssembly text (folded S-expressions) from TypeScript. The kernel
 * generator (gen-kernels.ts) composes these into whole functions; nothing here knows about pooling.
 */

export const get = (name: string): string => `(local.get $${name})`;
export const set = (name: string, expr: string): string => `(local.set $${name} ${expr})`;
export const i32 = (v: number): string => `(i32.const ${v})`;
export const add = (a: string, b: string): string => `(i32.add ${a} ${b})`;
export const mul = (a: string, b: string): string => `(i32.mul ${a} ${b})`;
export const inc = (name: string, by: string | number): string => set(name, add(get(name), typeof by === 'number' ? i32(by) : by));

let labels = 0;

/** `while (cond) body` with the test at the top. */
export function whileLoop(cond: string, body: string[]): string {
  const n = labels++;
  return [`(block $b${n} (loop $l${n}`, `(br_if $b${n} (i32.eqz ${cond}))`, ...body, `(br $l${n})))`].join('\n');
}

/** `for (name = from; name < to; name += step) body` over i32 locals (unsigned compare). */
export function forLoop(name: string, from: string, to: string, step: string | number, body: string[]): string {
  return [set(name, from), whileLoop(`(i32.lt_u ${get(name)} ${to})`, [...body, inc(name, step)])].join('\n');
}

export interface Param {
  name: string;
  type: 'i32' | 'f32' | 'f64' | 'v128';
}

export function func(name: string, params: readonly Param[], locals: readonly Param[], body: string[], result?: 'i32'): string {
  const ps = params.map((p) => `(param $${p.name} ${p.type})`).join(' ');
  const ls = locals.map((l) => `(local $${l.name} ${l.type})`).join(' ');
  const res = result === undefined ? '' : ` (result ${result})`;
  return [`(func $${name} (export "${name}") ${ps}${res}`, ls, ...body, ')'].join('\n');
}

export const p32 = (...names: string[]): Param[] => names.map((name) => ({ name, type: 'i32' as const }));
export const v128 = (...names: string[]): Param[] => names.map((name) => ({ name, type: 'v128' as const }));
export const f64 = (...names: string[]): Param[] => names.map((name) => ({ name, type: 'f64' as const }));
