import fc from 'fast-check';
import { describe, it } from 'vitest';
import { readArraysSync, ReadError } from '../../src/io';
import { fixture } from './helpers';

/*
 * Damaged files must give a ReadError (or, if the damage is harmless, arrays): never another
 * exception, a crash or a hang. Each case mutates a real fixture at random
 * (IO_FUZZ_RUNS=20000 for a longer search).
 */
const BASES: [string, string][] = [
  ['npy', 'fortran_f8_4d.npy'],
  ['npy', 'i8_be_v3.npy'],
  ['npz', 'savez_compressed.npz'],
  ['npz', 'savez_stored.npz'],
  ['png', 'rgba16_interlaced.png'],
  ['png', 'palette4_trns.png'],
  ['jpeg', 'rgb_progressive_420.jpg'],
  ['jpeg', 'gray_baseline.jpg'],
  ['text', 'quoted.csv'],
  ['json', 'object_of_arrays.json'],
];

type Mutation = { kind: 'set'; at: number; value: number } | { kind: 'cut'; at: number } | { kind: 'insert'; at: number; value: number };

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = bytes.slice();
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'set') b[at] = m.value;
    else if (m.kind === 'cut') b = b.slice(0, at);
    else b = new Uint8Array([...b.subarray(0, at), m.value, ...b.subarray(at)]);
  }
  return b;
}

describe('damaged files give ReadError, never another exception', () => {
  for (const [dir, file] of BASES) {
    it(`random damage to ${file}`, () => {
      const original = fixture(dir, file);
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const bytes = mutate(original, mutations);
          try {
            readArraysSync(bytes, file);
          } catch (e) {
            if (!(e instanceof ReadError)) throw e;
          }
        }),
        { numRuns: Number(process.env.IO_FUZZ_RUNS ?? 300) },
      );
    });
  }
});
