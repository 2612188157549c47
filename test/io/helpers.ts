import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readArraysSync, ReadError, type LoadedArray, type ReadOptions } from '../../src/io';
import { runSteps, type Steps } from '../../src/io/steps';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'io');

export function fixture(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, ...parts)));
}

export function expected<T>(kind: string): T[] {
  return JSON.parse(readFileSync(join(FIXTURES, 'expected', `${kind}.json`), 'utf8')) as T[];
}

/** A value from the expected JSON: numbers as is, "nan"/"inf"/"-inf", 64-bit integers as decimal strings. */
export function decodeValue(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return Number(BigInt(v)); // rounds to nearest like our reader must
}

/** Exact comparison (NaN equals NaN, -0 differs from 0); reports the first mismatch by index. */
export function expectValues(actual: ArrayLike<number>, wanted: readonly (number | string)[], label: string): void {
  expect(actual.length, `${label}: length`).toBe(wanted.length);
  for (let i = 0; i < wanted.length; i++) {
    const w = decodeValue(wanted[i]!);
    const a = actual[i]!;
    if (!Object.is(a, w)) expect.fail(`${label}: value ${i} is ${a}, expected ${w} (${JSON.stringify(wanted[i])})`);
  }
}

export function read(bytes: Uint8Array, name: string, options?: ReadOptions): LoadedArray[] {
  return readArraysSync(bytes, name, options);
}

export function readOne(bytes: Uint8Array, name: string, options?: ReadOptions): LoadedArray {
  const arrays = read(bytes, name, options);
  expect(arrays).toHaveLength(1);
  return arrays[0]!;
}

/** Runs `f`, which must throw a ReadError of `format`; returns it for message checks. */
export function readError(f: () => unknown, format: string): ReadError {
  try {
    f();
  } catch (e) {
    if (!(e instanceof ReadError)) throw new Error(`expected a ReadError, got ${String(e)}`, { cause: e });
    expect(e.format).toBe(format);
    return e;
  }
  throw new Error('expected a ReadError, but reading succeeded');
}

/** Awaits `promise`, which must reject with a ReadError of `format`; returns it for message checks. */
export async function readRejection(promise: Promise<unknown>, format: string): Promise<ReadError> {
  try {
    await promise;
  } catch (e) {
    return readError(() => {
      throw e;
    }, format);
  }
  throw new Error('expected a ReadError, but reading succeeded');
}

/** Copies bytes into a larger buffer at an odd offset, with junk around, to check byteOffset handling. */
export function embedded(bytes: Uint8Array, before = 13, after = 7): Uint8Array {
  const buffer = new Uint8Array(before + bytes.length + after).fill(0xa5);
  buffer.set(bytes, before);
  return buffer.subarray(before, before + bytes.length);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Runs a decoder's steps with a zero budget (a pause after every piece), counting its yields and the pauses. */
export async function runCountingPauses<T>(steps: Steps<T>): Promise<{ value: T; yields: number; pauses: number }> {
  let yields = 0;
  let pauses = 0;
  const counted = (function* () {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      yields++;
      yield;
    }
  })();
  const value = await runSteps(counted, 0, async () => {
    pauses++;
  });
  return { value, yields, pauses };
}
