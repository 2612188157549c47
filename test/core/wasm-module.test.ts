// The committed WebAssembly module is what the generator makes today, it is small, and the core
// bundles for the browser with it inlined (no Node built-ins) and still pools where WebAssembly
// or its SIMD is missing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInContext, createContext } from 'node:vm';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, generatedModuleSource } from '../../scripts/wasm/build';
import { KERNELS_WASM_BASE64 } from '../../src/core/kernels/wasm/module.generated';
import { refPool } from '../reference/pool';
import { expectSame } from './arbitraries';
import { seededValues } from './wasm-arbitraries';

const ROOT = path.resolve(__dirname, '../..');

describe('generated WebAssembly module', () => {
  it('module.generated.ts equals a fresh `npm run build:wasm` (generator and module cannot drift)', async () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(await generatedModuleSource());
  });

  it('is a valid SIMD module of a few tens of KB', () => {
    const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(bytes)).toBe(true);
    // 22 KB before the float64 column-first sums (fsum): still small inlined as base64 in every bundle.
    expect(bytes.length).toBeLessThan(40 * 1024);
  });
});

describe('the core in a browser bundle', () => {
  const bundle = esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'src/core/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'core',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.text;

  it('has no Node built-ins and carries the module inline', () => {
    expect(bundle).not.toMatch(/\brequire\(/);
    expect(bundle).not.toMatch(/from\s*["']node:/);
    expect(bundle).toContain(KERNELS_WASM_BASE64.slice(0, 200));
  });

  const input = { shape: [2, 37, 41], data: seededValues(2 * 37 * 41, 5, 'specials') };
  const cases = [
    { mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
    { mode: 'avg', kernel: [2, 2] },
    { mode: 'sum', kernel: [15, 15], stride: [1, 1], padding: [7, 7] },
  ] as const;

  /** Runs the bundle in a fresh context whose WebAssembly global is replaced by `wasm`. */
  function poolIn(wasm: 'absent' | 'no-simd' | 'present'): number[][] {
    // Typed arrays do not cross realms (instanceof), so the input is rebuilt inside.
    const ctx = createContext({ shape: input.shape, values: Array.from(input.data), cases });
    if (wasm === 'absent') runInContext('delete globalThis.WebAssembly', ctx);
    if (wasm === 'no-simd') runInContext('WebAssembly.validate = () => false', ctx);
    runInContext(bundle, ctx);
    const run = 'cases.map((c) => Array.from(core.pool({ shape, data: Float32Array.from(values) }, c).output.data))';
    return runInContext(run, ctx) as number[][];
  }

  for (const wasm of ['absent', 'no-simd', 'present'] as const) {
    it(`pools exactly with WebAssembly ${wasm}`, () => {
      const got = poolIn(wasm);
      for (const [i, c] of cases.entries()) expectSame(got[i]!, refPool(input, c).output.data, `${wasm} ${JSON.stringify(c)}`);
    });
  }
});
